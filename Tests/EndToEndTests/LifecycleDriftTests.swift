import Foundation
import Testing

/// `--refresh`: drift and plans deleted outside jmr-apply, through the real binary.
@Suite("Lifecycle: drift and deleted outside (end to end)", .serialized)
struct LifecycleDriftTests {
    static let plans = """
          nightly-etl:
            jobs: [1001, 1002]
            schedule: "0 30 2 * * ?"
          hourly:
            jobs: [7]
            schedule: "0 0 * * * ?"

        """

    @Test func driftIsFoundByPlanRefreshAndRepairedByApplyRefresh() async throws {
        let w = try LifecycleWorkspace()
        try w.writePlans(Self.plans)
        let first = try w.run("apply", "plans.yaml")
        #expect(first.status == 0, "\(first.transcript)")
        let planId = try w.statePlanId("nightly-etl")

        // Someone moves the schedule to 03:00 directly on the server.
        try await w.direct.update(planId, to: .init(name: "nightly-etl", schedule: "0 0 3 * * ?"))
        #expect(try w.simPlan("nightly-etl")["cronExpression"] as? String == "0 0 3 * * ?")
        let before = try #require(w.stateBytes())

        // Without --refresh, plan sees only state: no changes.
        let local = try w.run("plan", "plans.yaml", "--detailed-exitcode")
        #expect(local.status == 0, "\(local.transcript)")

        let text = try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode")
        #expect(text.status == 2, "\(text.transcript)")
        #expect(text.stdout.contains(#"~ update nightly-etl (planId \#(planId)) (drift: server schedule "0 0 3 * * ?", declared "0 30 2 * * ?")"#), "\(text.transcript)")
        #expect(hasFieldLine(text.stdout, "schedule.hour", "3", "2"), "\(text.transcript)")
        #expect(!text.stdout.contains("hourly"), "an undrifted plan is not listed: \(text.transcript)")
        #expect(w.stateBytes() == before, "plan --refresh writes nothing")

        let json = try w.run("plan", "plans.yaml", "--refresh", "--output", "json", "--detailed-exitcode")
        #expect(json.status == 2, "\(json.transcript)")
        let changes = try planChanges(json.stdout)
        let etl = try #require(changes["nightly-etl"])
        #expect(etl["action"] as? String == "update")
        #expect(etl["deletedOutside"] as? Bool == false)
        #expect(fieldMap(etl["drift"]) == ["schedule.minute": ["30", "0"], "schedule.hour": ["2", "3"]])
        #expect(fieldMap(etl["fieldChanges"]) == ["schedule.minute": ["0", "30"], "schedule.hour": ["3", "2"]])
        let hourly = try #require(changes["hourly"])
        #expect(hourly["action"] as? String == "no-op")
        #expect(fieldMap(hourly["drift"]).isEmpty)
        #expect(w.stateBytes() == before, "plan --refresh --output json writes nothing")

        let github = try w.run("plan", "plans.yaml", "--refresh", "--output", "github")
        #expect(github.status == 0, "\(github.transcript)")
        let notice = github.stdout.split(separator: "\n").first { $0.hasPrefix("::notice") && $0.contains("nightly-etl") }
        #expect(notice?.contains(#"(drift: server schedule "0 0 3 * * ?", declared "0 30 2 * * ?")"#) == true, "\(github.transcript)")
        #expect(w.stateBytes() == before, "plan --refresh --output github writes nothing")

        let apply = try w.run("apply", "plans.yaml", "--refresh")
        #expect(apply.status == 0, "\(apply.transcript)")
        #expect(apply.stdout.contains("drift nightly-etl"), "\(apply.transcript)")
        #expect(apply.stdout.contains("~ updated nightly-etl (planId \(planId)"), "\(apply.transcript)")
        #expect(try w.simPlan("nightly-etl")["cronExpression"] as? String == "0 30 2 * * ?")
        #expect(try w.simPlan("hourly")["cronExpression"] as? String == "0 0 * * * ?")
        #expect(try w.statePlanId("nightly-etl") == planId)

        let after = try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode")
        #expect(after.status == 0, "\(after.transcript)")
    }

    @Test func driftOnEveryKindOfFieldIsReported() async throws {
        let w = try LifecycleWorkspace()
        try w.writePlans("""
              etl:
                jobs: [1001, 1002]
                schedule: "0 30 2 * * ?"
                description: "nightly"
                failurePolicy: continue

            """)
        #expect(try w.run("apply", "plans.yaml").status == 0)
        let planId = try w.statePlanId("etl")
        try await w.direct.update(planId, to: .init(name: "etl", schedule: "0 30 2 * * ?", jobs: "1001", description: "by hand", failurePolicy: "stop"))
        try await w.direct.pause(planId)

        let text = try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode")
        #expect(text.status == 2, "\(text.transcript)")
        for part in [#"server jobs "1001", declared "1001,1002""#, #"server description "by hand", declared "nightly""#,
                     #"server failurePolicy "stop", declared "continue""#, #"server enabled "false", declared "true""#] {
            #expect(text.stdout.contains(part), "missing \(part): \(text.transcript)")
        }
        let json = try w.run("plan", "plans.yaml", "--refresh", "--output", "json")
        let drift = fieldMap(try #require(try planChanges(json.stdout)["etl"])["drift"])
        #expect(drift == [
            "jobs": ["1001,1002", "1001"], "description": ["nightly", "by hand"], "failurePolicy": ["continue", "stop"],
            "enabled": ["true", "false"],
        ])

        let apply = try w.run("apply", "plans.yaml", "--refresh")
        #expect(apply.status == 0, "\(apply.transcript)")
        let server = try w.simPlan("etl")
        #expect(server["jobIds"] as? String == "1001,1002")
        #expect(server["description"] as? String == "nightly")
        #expect(server["failurePolicy"] as? String == "continue")
        #expect(server["planStatus"] as? String == "running")
        #expect(try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode").status == 0)
    }

    @Test func applyRefreshRecordsDriftThatAlreadyMatchesTheFiles() async throws {
        let w = try LifecycleWorkspace()
        try w.writePlans(Self.plans)
        #expect(try w.run("apply", "plans.yaml").status == 0)
        let planId = try w.statePlanId("nightly-etl")

        // The files move to 03:00, and someone already made that change on the server.
        try w.writePlans(Self.plans.replacingOccurrences(of: "0 30 2 * * ?", with: "0 0 3 * * ?"))
        try await w.direct.update(planId, to: .init(name: "nightly-etl", schedule: "0 0 3 * * ?"))

        let plan = try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode")
        #expect(plan.status == 0, "the server already matches the files: \(plan.transcript)")
        #expect(plan.stdout.contains("= nightly-etl (planId \(planId)) (drift: server schedule \"0 0 3 * * ?\", declared \"0 0 3 * * ?\")"), "\(plan.transcript)")
        // State still holds 02:30, so a plan without --refresh would update.
        #expect(try w.run("plan", "plans.yaml", "--detailed-exitcode").status == 2)

        let mutating = try w.mutatingCalls()
        let apply = try w.run("apply", "plans.yaml", "--refresh")
        #expect(apply.status == 0, "\(apply.transcript)")
        #expect(apply.stdout.contains("drift nightly-etl"), "\(apply.transcript)")
        #expect(try w.mutatingCalls() == mutating, "nothing needed changing on the server")

        // What apply --refresh learned is recorded: plain plan is now clean too.
        let local = try w.run("plan", "plans.yaml", "--detailed-exitcode")
        #expect(local.status == 0, "\(local.transcript)")
        #expect(try w.statePlanId("nightly-etl") == planId)
    }

    @Test func planDeletedOutsideIsRecreatedByApplyRefresh() async throws {
        let w = try LifecycleWorkspace()
        try w.writePlans(Self.plans)
        #expect(try w.run("apply", "plans.yaml").status == 0)
        let oldId = try w.statePlanId("nightly-etl")
        let hourlyId = try w.statePlanId("hourly")
        try await w.direct.delete(oldId)
        #expect(try w.simPlans(named: "nightly-etl").isEmpty)
        let before = try #require(w.stateBytes())

        let plan = try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode")
        #expect(plan.status == 2, "\(plan.transcript)")
        #expect(plan.stdout.contains("+ create nightly-etl (planId \(oldId)) (deleted outside jmr-apply)"), "\(plan.transcript)")
        let json = try w.run("plan", "plans.yaml", "--refresh", "--output", "json")
        let change = try #require(try planChanges(json.stdout)["nightly-etl"])
        #expect(change["action"] as? String == "create")
        #expect(change["deletedOutside"] as? Bool == true)
        #expect(change["planId"] is NSNull, "the old planId is gone with the plan")
        let github = try w.run("plan", "plans.yaml", "--refresh", "--output", "github")
        #expect(github.stdout.contains("+ create nightly-etl (deleted outside jmr-apply)"), "\(github.transcript)")
        #expect(w.stateBytes() == before, "plan --refresh writes nothing")

        let apply = try w.run("apply", "plans.yaml", "--refresh")
        #expect(apply.status == 0, "\(apply.transcript)")
        #expect(apply.stdout.contains("+ created nightly-etl"), "\(apply.transcript)")
        let newId = try w.statePlanId("nightly-etl")
        #expect(newId != oldId)
        let server = try w.simPlan("nightly-etl")
        #expect((server["planId"] as? NSNumber)?.int64Value == newId)
        #expect(server["cronExpression"] as? String == "0 30 2 * * ?")
        #expect(try w.statePlanId("hourly") == hourlyId)
        #expect(try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode").status == 0)
    }

    @Test func planRecreatedOutsideUnderANewIdIsRepaired() async throws {
        let w = try LifecycleWorkspace()
        try w.writePlans(Self.plans)
        #expect(try w.run("apply", "plans.yaml").status == 0)
        let oldId = try w.statePlanId("nightly-etl")
        // Someone deletes it and creates a plan with the same name (a new planId) and another schedule.
        try await w.direct.delete(oldId)
        let newId = try await w.direct.create(.init(name: "nightly-etl", schedule: "0 0 3 * * ?"))
        #expect(newId != oldId)

        let plan = try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode")
        #expect(plan.status == 2, "\(plan.transcript)")
        let apply = try w.run("apply", "plans.yaml", "--refresh")
        #expect(apply.status == 0, "\(apply.transcript)")
        let server = try w.simPlan("nightly-etl")
        #expect((server["planId"] as? NSNumber)?.int64Value == newId, "the existing plan is reused, not duplicated")
        #expect(server["cronExpression"] as? String == "0 30 2 * * ?")
        #expect(try w.statePlanId("nightly-etl") == newId)
        let after = try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode")
        #expect(after.status == 0, "\(after.transcript)")
    }

    @Test func refreshReadsEveryPage() async throws {
        let w = try LifecycleWorkspace()
        let names = (1...230).map { String(format: "plan-%03d", $0) }
        try w.writePlans(names.map { "  \($0):\n    jobs: [1]\n    schedule: \"0 0 2 * * ?\"\n" }.joined())
        let first = try w.run("apply", "plans.yaml", "--parallelism", "16")
        #expect(first.status == 0, "\(first.transcript)")
        #expect(try w.sim.plans().count == 230)
        // Drift on the last page, a deletion on the second.
        try await w.direct.update(try w.statePlanId("plan-229"), to: .init(name: "plan-229", schedule: "0 0 4 * * ?", jobs: "1"))
        try await w.direct.delete(try w.statePlanId("plan-150"))

        let lists = try w.calls("cronJob:list")
        let json = try w.run("plan", "plans.yaml", "--refresh", "--output", "json", "--detailed-exitcode")
        #expect(json.status == 2, "\(json.transcript)")
        #expect(try w.calls("cronJob:list") - lists == 3, "229 plans are three pages of 100")
        let changes = try planChanges(json.stdout)
        #expect(changes.values.filter { $0["action"] as? String != "no-op" }.count == 2)
        #expect(fieldMap(changes["plan-229"]?["drift"]) == ["schedule.hour": ["2", "4"]])
        #expect(changes["plan-150"]?["deletedOutside"] as? Bool == true)

        let apply = try w.run("apply", "plans.yaml", "--refresh")
        #expect(apply.status == 0, "\(apply.transcript)")
        #expect(try w.sim.plans().count == 230)
        #expect(try w.simPlan("plan-229")["cronExpression"] as? String == "0 0 2 * * ?")
        #expect(try w.simPlans(named: "plan-150").count == 1)
        #expect(try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode").status == 0)
    }

    @Test func undeclaredPlanDeletedOutsideIsForgottenNotDeleted() async throws {
        let w = try LifecycleWorkspace()
        try w.writePlans(Self.plans)
        #expect(try w.run("apply", "plans.yaml").status == 0)
        let gone = try w.statePlanId("hourly")
        try await w.direct.delete(gone)
        // The files no longer declare it either.
        try w.writePlans("""
              nightly-etl:
                jobs: [1001, 1002]
                schedule: "0 30 2 * * ?"

            """)
        let plan = try w.run("plan", "plans.yaml", "--refresh", "--prune", "--detailed-exitcode")
        #expect(plan.status == 0, "nothing is left to delete: \(plan.transcript)")
        #expect(!plan.stdout.contains("delete hourly"), "\(plan.transcript)")

        let deletes = try w.calls("cronJob:delete")
        let apply = try w.run("apply", "plans.yaml", "--refresh", "--prune")
        #expect(apply.status == 0, "\(apply.transcript)")
        #expect(try w.calls("cronJob:delete") == deletes, "no delete call for a plan that is already gone")
        #expect(try w.statePlans().keys.sorted() == ["nightly-etl"])
        #expect(try w.simPlanNames() == ["nightly-etl"])
    }
}
