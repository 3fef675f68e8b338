import Foundation
import Testing

/// `import` and `import --generate`, through the real binary.
@Suite("Lifecycle: import and generate (end to end)", .serialized)
struct LifecycleImportTests {
    @Test func importAdoptsWithoutAnyMutatingCallThenPlanShowsTheDifferences() async throws {
        let w = try LifecycleWorkspace()
        let changedId = try await w.direct.create(.init(name: "etl-changed", schedule: "0 30 2 * * ?", description: "old"))
        let sameId = try await w.direct.create(.init(name: "etl-same", schedule: "0 0 4 * * ?", jobs: "9"))
        // A plan whose name contains the other's: the look-up must match names exactly.
        try await w.direct.create(.init(name: "etl-same-copy", schedule: "0 0 5 * * ?", jobs: "10"))
        try w.writePlans("""
              etl-changed:
                jobs: [1001, 1002]
                schedule: "0 30 2 * * ?"
                description: "new"
              etl-same:
                jobs: [9]
                schedule: "0 0 4 * * ?"
              etl-missing:
                jobs: [11]
                schedule: "0 0 6 * * ?"

            """)
        let mutating = try w.mutatingCalls()
        let simBefore = try w.simPlanNames()

        let imported = try w.run("import", "plans.yaml")
        #expect(imported.status == 0, "\(imported.transcript)")
        #expect(imported.stdout.contains("= imported etl-changed (planId \(changedId)): differs in description"), "\(imported.transcript)")
        #expect(imported.stdout.contains("= imported etl-same (planId \(sameId)): matches the files"), "\(imported.transcript)")
        #expect(imported.stdout.contains("etl-missing: not on the server"), "\(imported.transcript)")
        #expect(try w.mutatingCalls() == mutating, "import makes no mutating call")
        #expect(try w.simPlanNames() == simBefore)
        #expect(try w.statePlans().keys.sorted() == ["etl-changed", "etl-same"])
        #expect(try w.statePlanId("etl-changed") == changedId)
        #expect(try w.statePlanId("etl-same") == sameId)

        let plan = try w.run("plan", "plans.yaml", "--detailed-exitcode")
        #expect(plan.status == 2, "\(plan.transcript)")
        #expect(plan.stdout.contains("~ update etl-changed (planId \(changedId))"), "\(plan.transcript)")
        #expect(hasFieldLine(plan.stdout, "description", "old", "new"), "\(plan.transcript)")
        #expect(plan.stdout.contains("+ create etl-missing"), "\(plan.transcript)")
        #expect(!plan.stdout.contains("etl-same"), "\(plan.transcript)")
        let json = try planChanges(try w.run("plan", "plans.yaml", "--output", "json").stdout)
        #expect(json["etl-same"]?["action"] as? String == "no-op")
        #expect(fieldMap(json["etl-changed"]?["fieldChanges"]) == ["description": ["old", "new"]])
        #expect(try w.run("plan", "plans.yaml", "--refresh", "--output", "json").status == 0)

        // Importing again changes nothing.
        let again = try w.run("import", "plans.yaml")
        #expect(again.status == 0, "\(again.transcript)")
        #expect(again.stdout.contains("0 imported, 1 not on the server, 2 already in state"), "\(again.transcript)")
        #expect(try w.mutatingCalls() == mutating)

        let apply = try w.run("apply", "plans.yaml")
        #expect(apply.status == 0, "\(apply.transcript)")
        #expect(try w.simPlan("etl-changed")["description"] as? String == "new")
        #expect((try w.simPlan("etl-changed")["planId"] as? NSNumber)?.int64Value == changedId, "updated in place")
        #expect(try w.simPlans(named: "etl-missing").count == 1)
        #expect(try w.simPlanNames() == ["etl-changed", "etl-missing", "etl-same", "etl-same-copy"])
        #expect(try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode").status == 0)
    }

    @Test func generateRoundTripsThroughValidateImportAndPlan() async throws {
        let w = try LifecycleWorkspace()
        try await w.direct.create(.init(
            name: "billing report", schedule: "0 15 6 ? * MON", jobs: "31,32", description: #"costs $5 "net" \ 100% $$ ${HOME}"#,
            failurePolicy: "continue", type: "cron", az: "cn-north-1a", clusterName: "main cluster", jobGroup: "finance",
            trigger: "time", sync: true
        ))
        let pausedId = try await w.direct.create(.init(name: "paused-cleanup", schedule: "0 0 1 * * ?", jobs: "40", sync: false))
        try await w.direct.pause(pausedId)
        try await w.direct.create(.init(name: "weekdays", schedule: "0 0 9 ? * 2-6", jobs: "50"))
        try await w.direct.create(.init(name: "declared-already", schedule: "0 0 2 * * ?", jobs: "60"))
        try w.writePlans("""
              declared-already:
                jobs: [60]
                schedule: "0 0 2 * * ?"

            """)
        let mutating = try w.mutatingCalls()
        // Before anything is recorded, plan --refresh plans a create (adopted by name on apply) and writes no state.
        let fresh = try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode")
        #expect(fresh.status == 2, "\(fresh.transcript)")
        #expect(fresh.stdout.contains("+ create declared-already"), "\(fresh.transcript)")
        #expect(w.stateBytes() == nil, "plan --refresh writes nothing")

        let generate = try w.run("import", "plans.yaml", "--generate")
        #expect(generate.status == 0, "\(generate.transcript)")
        #expect(generate.stderr.contains("Generated 3 plans"), "\(generate.transcript)")
        #expect(!generate.stdout.contains("declared-already"), "plans a file declares are left out: \(generate.stdout)")
        #expect(generate.stdout.contains("enabled: false"), "the paused plan is generated paused: \(generate.stdout)")
        #expect(try w.mutatingCalls() == mutating, "--generate changes nothing")
        #expect(w.stateBytes() == nil, "--generate writes no state")
        try w.directory.write("generated.yaml", generate.stdout)

        let validate = try w.run("validate", "plans.yaml", "generated.yaml")
        #expect(validate.status == 0, "generated YAML must validate: \(validate.transcript)\n\(generate.stdout)")
        #expect(validate.stdout.contains("4 plans"), "\(validate.transcript)")

        let imported = try w.run("import", "plans.yaml", "generated.yaml")
        #expect(imported.status == 0, "\(imported.transcript)")
        #expect(imported.stdout.contains("4 imported"), "\(imported.transcript)")
        #expect(!imported.stdout.contains("differs"), "generated plans match the server: \(imported.transcript)")
        #expect(try w.mutatingCalls() == mutating)

        let plan = try w.run("plan", "plans.yaml", "generated.yaml", "--detailed-exitcode")
        #expect(plan.status == 0, "\(plan.transcript)\n\(generate.stdout)")
        let refreshed = try w.run("plan", "plans.yaml", "generated.yaml", "--refresh", "--detailed-exitcode")
        #expect(refreshed.status == 0, "\(refreshed.transcript)")
        let apply = try w.run("apply", "plans.yaml", "generated.yaml", "--refresh")
        #expect(apply.status == 0, "\(apply.transcript)")
        #expect(try w.mutatingCalls() == mutating, "an adopted, generated plan needs no change: \(apply.transcript)")
        #expect(try w.simPlan("paused-cleanup")["planStatus"] as? String == "paused")
        #expect(try w.simPlan("billing report")["description"] as? String == #"costs $5 "net" \ 100% $$ ${HOME}"#)

        // Generating again, with the generated file declared, finds nothing left.
        let none = try w.run("import", "plans.yaml", "generated.yaml", "--generate")
        #expect(none.status == 0, "\(none.transcript)")
        #expect(none.stderr.contains("Generated 0 plans"), "\(none.transcript)")
        try w.directory.write("none.yaml", none.stdout)
        #expect(try w.run("validate", "none.yaml").status == 0, "an empty generated file validates: \(none.stdout)")
    }

    @Test func importNeedsCredentialsAndAFile() throws {
        let w = try LifecycleWorkspace()
        try w.writePlans("")
        let usage = try Executables.runJMRApply(["import"], in: w.directory.url, environment: w.sim.environment())
        #expect(usage.status == 64, "\(usage.transcript)")
        let noKeys = try Executables.runJMRApply(
            ["import", "plans.yaml"], in: w.directory.url, environment: Executables.cleanEnvironment(["JMR_ENDPOINT": w.sim.url, "HOME": w.directory.path])
        )
        #expect(noKeys.status == 1, "\(noKeys.transcript)")
        #expect(w.stateBytes() == nil)
    }
}
