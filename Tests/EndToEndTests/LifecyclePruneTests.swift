import Foundation
import Testing

/// `--prune` and the `--max-deletes` guard, through the real binary.
@Suite("Lifecycle: prune (end to end)", .serialized)
struct LifecyclePruneTests {
    static func plan(_ name: String, hour: Int = 2) -> String {
        "  \(name):\n    jobs: [1001]\n    schedule: \"0 0 \(hour) * * ?\"\n"
    }

    @Test func pruneDeletesOnlyOwnedPlans() async throws {
        let w = try LifecycleWorkspace()
        // Someone else's plan on the same region.
        let foreignId = try await w.direct.create(.init(name: "someone-elses", schedule: "0 0 5 * * ?"))
        try w.writePlans(Self.plan("keep") + Self.plan("old-a") + Self.plan("old-b"))
        #expect(try w.run("apply", "plans.yaml").status == 0)
        let ids = try ["old-a", "old-b"].map(w.statePlanId)

        try w.writePlans(Self.plan("keep"))
        let plain = try w.run("plan", "plans.yaml", "--detailed-exitcode")
        #expect(plain.status == 0, "undeclared plans are changes only when pruning: \(plain.transcript)")
        #expect(plain.stdout.contains("- delete old-a (planId \(ids[0])): would be deleted with --prune"), "\(plain.transcript)")
        #expect(plain.stdout.contains("2 plans would be deleted with --prune"), "\(plain.transcript)")

        let plan = try w.run("plan", "plans.yaml", "--prune", "--detailed-exitcode")
        #expect(plan.status == 2, "\(plan.transcript)")
        #expect(plan.stdout.contains("- delete old-a (planId \(ids[0]))\n"), "\(plan.transcript)")
        #expect(plan.stdout.contains("- delete old-b (planId \(ids[1]))\n"), "\(plan.transcript)")
        #expect(plan.stdout.contains("0 to create, 0 to update, 2 to delete, 1 unchanged"), "\(plan.transcript)")
        #expect(!plan.stdout.contains("someone-elses"), "\(plan.transcript)")
        let json = try planChanges(try w.run("plan", "plans.yaml", "--prune", "--output", "json").stdout)
        #expect(json["old-a"]?["action"] as? String == "delete")
        #expect(json["old-a"]?["willDelete"] as? Bool == true)
        #expect(json["someone-elses"] == nil)
        let jsonNoPrune = try planChanges(try w.run("plan", "plans.yaml", "--output", "json").stdout)
        #expect(jsonNoPrune["old-a"]?["willDelete"] as? Bool == false)
        let github = try w.run("plan", "plans.yaml", "--prune", "--output", "github")
        #expect(github.stdout.contains("- delete old-b"), "\(github.transcript)")

        // Without --prune, apply leaves them.
        let noPrune = try w.run("apply", "plans.yaml")
        #expect(noPrune.status == 0, "\(noPrune.transcript)")
        #expect(noPrune.stdout.contains("2 plans are in state but no longer declared"), "\(noPrune.transcript)")
        #expect(try w.simPlanNames() == ["keep", "old-a", "old-b", "someone-elses"])

        let apply = try w.run("apply", "plans.yaml", "--prune", "--refresh")
        #expect(apply.status == 0, "\(apply.transcript)")
        #expect(apply.stdout.contains("- deleted old-a"), "\(apply.transcript)")
        #expect(apply.stdout.contains("2 deleted"), "\(apply.transcript)")
        #expect(try w.simPlanNames() == ["keep", "someone-elses"])
        #expect(try w.statePlans().keys.sorted() == ["keep"])
        #expect(try w.run("plan", "plans.yaml", "--prune", "--refresh", "--detailed-exitcode").status == 0)

        // Declaring nothing at all prunes the last owned plan, and still never the other.
        try w.writePlans("")
        let empty = try w.run("apply", "plans.yaml", "--prune", "--refresh")
        #expect(empty.status == 0, "\(empty.transcript)")
        #expect(try w.simPlanNames() == ["someone-elses"])
        #expect((try w.simPlan("someone-elses")["planId"] as? NSNumber)?.int64Value == foreignId)
        #expect(try w.statePlans().isEmpty)
        #expect(try w.calls("cronJob:delete") == 3)
    }

    @Test func maxDeletesRefusesTheWholeApply() async throws {
        let w = try LifecycleWorkspace()
        let old = (1...6).map { "old-\($0)" }
        try w.writePlans(Self.plan("keep") + old.map { Self.plan($0) }.joined())
        #expect(try w.run("apply", "plans.yaml").status == 0)

        // Six undeclared, and a change to the one still declared: nothing at all may happen.
        try w.writePlans(Self.plan("keep", hour: 4))
        let simBefore = try w.sim.plans().map { NSDictionary(dictionary: $0) }
        let stateBefore = try #require(w.stateBytes())
        let mutating = try w.mutatingCalls()

        let plan = try w.run("plan", "plans.yaml", "--prune")
        #expect(plan.status == 0, "\(plan.transcript)")
        #expect(plan.stderr.contains("6 plans would be deleted, more than --max-deletes 5"), "\(plan.transcript)")

        let refused = try w.run("apply", "plans.yaml", "--prune")
        #expect(refused.status == 1, "\(refused.transcript)")
        #expect(refused.stderr.contains("6 plans would be deleted, more than --max-deletes 5"), "\(refused.transcript)")
        #expect(refused.stderr.contains("Nothing was changed"), "\(refused.transcript)")
        for name in old { #expect(refused.stderr.contains("  - \(name)"), "\(refused.transcript)") }
        #expect(try w.mutatingCalls() == mutating, "not one mutating call")
        #expect(try w.sim.plans().map { NSDictionary(dictionary: $0) } == simBefore)
        #expect(w.stateBytes() == stateBefore, "state is untouched")

        let refusedLow = try w.run("apply", "plans.yaml", "--prune", "--max-deletes", "0", "--refresh")
        #expect(refusedLow.status == 1, "\(refusedLow.transcript)")
        #expect(try w.mutatingCalls() == mutating)

        let apply = try w.run("apply", "plans.yaml", "--prune", "--max-deletes", "6")
        #expect(apply.status == 0, "\(apply.transcript)")
        #expect(apply.stdout.contains("6 deleted"), "\(apply.transcript)")
        #expect(try w.simPlanNames() == ["keep"])
        #expect(try w.simPlan("keep")["cronExpression"] as? String == "0 0 4 * * ?")
        #expect(try w.statePlans().keys.sorted() == ["keep"])
        #expect(try w.run("plan", "plans.yaml", "--prune", "--refresh", "--detailed-exitcode").status == 0)
    }

    @Test func aPlanAlreadyGoneIsForgottenByPrune() async throws {
        let w = try LifecycleWorkspace()
        try w.writePlans(Self.plan("keep") + Self.plan("old"))
        #expect(try w.run("apply", "plans.yaml").status == 0)
        try await w.direct.delete(try w.statePlanId("old"))
        try w.writePlans(Self.plan("keep"))
        // Without --refresh jmr-apply does not know it is gone: the delete finds nothing.
        let apply = try w.run("apply", "plans.yaml", "--prune")
        #expect(apply.status == 0, "\(apply.transcript)")
        #expect(try w.statePlans().keys.sorted() == ["keep"])
        #expect(try w.simPlanNames() == ["keep"])
    }

    @Test func deletedPlansLeaveStateOnlyWhenTheServerConfirms() throws {
        let directory = try TemporaryDirectory("jmr-apply-lifecycle")
        defer { directory.remove() }
        let simState = directory.url.appendingPathComponent("sim-state.json").path
        func run(_ sim: SimulatorProcess, _ arguments: String...) throws -> ProcessResult {
            try Executables.runJMRApply(arguments + ["--max-retries", "0"], in: directory.url, environment: sim.environment())
        }
        func statePlans() throws -> [String] {
            let data = try Data(contentsOf: directory.url.appendingPathComponent(LifecycleWorkspace.stateFile))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            return ((object["plans"] as? [String: Any]) ?? [:]).keys.sorted()
        }
        func names(_ sim: SimulatorProcess) throws -> [String] {
            try sim.plans().compactMap { $0["planName"] as? String }.sorted()
        }
        let header = "version: 1\nregion: cn-north-1\ndefaults:\n  cluster: jmr-abc123\nplans:\n"
        try directory.write("plans.yaml", header + Self.plan("keep") + Self.plan("old-a") + Self.plan("old-b"))
        do {
            let sim = try SimulatorProcess(["--state-file", simState])
            defer { sim.stop() }
            #expect(try run(sim, "apply", "plans.yaml").status == 0)
        }
        try directory.write("plans.yaml", header + Self.plan("keep"))

        // The server refuses every call: nothing is deleted and state keeps both.
        do {
            let sim = try SimulatorProcess(["--state-file", simState, "--fail-rate", "1"])
            defer { sim.stop() }
            let failed = try run(sim, "apply", "plans.yaml", "--prune")
            #expect(failed.status == 1, "\(failed.transcript)")
            #expect(failed.stdout.contains("! failed old-a"), "\(failed.transcript)")
            #expect(try names(sim) == ["keep", "old-a", "old-b"])
            #expect(try statePlans() == ["keep", "old-a", "old-b"])
        }
        // The server deletes, then answers 503: unconfirmed, so state still keeps them.
        do {
            let sim = try SimulatorProcess(["--state-file", simState, "--fail-after-commit-rate", "1"])
            defer { sim.stop() }
            let failed = try run(sim, "apply", "plans.yaml", "--prune")
            #expect(failed.status == 1, "\(failed.transcript)")
            #expect(try names(sim) == ["keep"])
            #expect(try statePlans() == ["keep", "old-a", "old-b"])
        }
        // A healthy server: the deletes find nothing left, and state forgets them.
        let sim = try SimulatorProcess(["--state-file", simState])
        defer { sim.stop() }
        let apply = try run(sim, "apply", "plans.yaml", "--prune")
        #expect(apply.status == 0, "\(apply.transcript)")
        #expect(try statePlans() == ["keep"])
        #expect(try names(sim) == ["keep"])
        #expect(try run(sim, "plan", "plans.yaml", "--prune", "--refresh", "--detailed-exitcode").status == 0)
    }

    @Test func pruneRespectsTargetAndExclude() async throws {
        let w = try LifecycleWorkspace()
        try w.writePlans(Self.plan("keep") + Self.plan("old-a") + Self.plan("old-b"))
        #expect(try w.run("apply", "plans.yaml").status == 0)
        try w.writePlans(Self.plan("keep"))
        let apply = try w.run("apply", "plans.yaml", "--prune", "--exclude", "old-b")
        #expect(apply.status == 0, "\(apply.transcript)")
        #expect(try w.simPlanNames() == ["keep", "old-b"])
        #expect(try w.statePlans().keys.sorted() == ["keep", "old-b"])
    }

    @Test func lifecycleUsageErrorsExit64() throws {
        let w = try LifecycleWorkspace()
        try w.writePlans(Self.plan("keep"))
        for arguments in [
            ["apply", "plans.yaml", "--max-deletes", "3"], ["plan", "plans.yaml", "--prune", "--max-deletes", "-1"],
            ["apply", "plans.yaml", "--prune", "--max-deletes", "many"], ["plan", "plans.yaml", "--refresh=yes"],
            ["import", "plans.yaml", "--prune"],
        ] {
            let result = try Executables.runJMRApply(arguments, in: w.directory.url, environment: w.sim.environment())
            #expect(result.status == 64, "\(arguments): \(result.transcript)")
        }
        #expect(try w.mutatingCalls() == 0)
        #expect(w.stateBytes() == nil)
    }
}
