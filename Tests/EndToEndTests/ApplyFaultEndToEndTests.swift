import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Apply under injected faults and hard kills: every plan ends up on the server exactly
/// once, state is always valid, and nothing the server holds is unknown to state.
@Suite(.serialized) struct ApplyFaultEndToEndTests {
    @Test func injectedFaultsConvergeWithEveryPlanExactlyOnce() throws {
        let run = try ApplyRun(plans: ApplyE2E.plans(50), simulatorArguments: [
            "--fail-rate", "0.15", "--fail-after-commit-rate", "0.10", "--drop-rate", "0.05", "--seed", "11",
        ])
        defer { run.finish() }

        var statuses: [Int32] = []
        var adopted = 0
        while statuses.last != 0, statuses.count < 10 {
            let result = try run.apply(["--max-retries", "3"])
            statuses.append(result.status)
            adopted += result.stdout.split(separator: "\n").filter { $0.hasPrefix("= adopted") }.count
            if result.status != 0 {
                #expect(result.status == 1, "\(result.stderr)")
                #expect(result.stderr.contains("Failures:"), "a failed run lists its failures: \(result.stderr)")
            }
            // After every run, whatever the server holds is known to state.
            try ApplyE2E.expectServerKnownToState(run)
        }

        #expect(statuses.last == 0, "converged within 10 runs: \(statuses)")
        let onServer = try run.sim.plans()
        let names = onServer.compactMap { $0["planName"] as? String }
        #expect(names.count == 50)
        #expect(Set(names).count == names.count, "no plan twice")
        #expect(Set(names) == Set(run.plans.map(\.name)))
        let state = try run.state()
        #expect(state.planIds == ApplyE2E.byName(onServer).mapValues { $0["planId"] as? Int ?? -1 })
        #expect(state.pending.isEmpty)
        let stats = try SimStats(run.sim.stats())
        #expect(stats.faults.values.reduce(0, +) > 0, "faults were injected: \(stats.faults)")
        // Creates that happened but were answered with a failure were found by name, not repeated.
        #expect(adopted > 0, "some ambiguous creates were resolved by a lookup")
        // 50 plans committed once each, and no spurious updates.
        #expect(stats.changes == 50, "\(stats)")
        let plan = try run.plan(["--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
    }

    @Test func killedMidApplyLosesNothingAndConverges() throws {
        // 80 plans at 100 ms per call, 4 at a time: a full run takes about 4 s, and each
        // kill lands within 0.7 s, so every kill interrupts a run in progress.
        let run = try ApplyRun(plans: ApplyE2E.plans(80), simulatorArguments: ["--latency-ms", "100"])
        defer { run.finish() }
        var generator = SystemRandomNumberGenerator()
        var interrupted = 0

        for round in 1...5 {
            let process = try Executables.launchJMRApply(
                run.applyArguments + ["--parallelism", "4"], in: run.directory.url, environment: run.sim.environment()
            )
            let delay = Double.random(in: 0.15...0.7, using: &generator)
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                interrupted += 1
            }
            process.waitUntilExit()
            let path = run.directory.url.appendingPathComponent("state.json").path
            if FileManager.default.fileExists(atPath: path) {
                // Always whole, valid JSON state.
                let object = try run.stateObject()
                #expect(object["formatVersion"] as? Int == 1, "round \(round)")
                #expect(object["plans"] is [String: Any], "round \(round)")
            }
            try ApplyE2E.expectServerKnownToState(run, note: "after kill \(round) at \(Int(delay * 1000)) ms")
        }
        #expect(interrupted == 5, "every run was killed mid-apply")
        #expect(try run.sim.plans().count < 80, "the kills left work for the final run")

        let final = try run.apply(["--parallelism", "8"])

        #expect(final.status == 0, "\(final.stderr)")
        let onServer = try run.sim.plans()
        let names = onServer.compactMap { $0["planName"] as? String }
        #expect(names.count == 80)
        #expect(Set(names) == Set(run.plans.map(\.name)))
        let state = try run.state()
        #expect(state.planIds == ApplyE2E.byName(onServer).mapValues { $0["planId"] as? Int ?? -1 })
        #expect(state.pending.isEmpty)
        #expect(try SimStats(run.sim.stats()).changes == 80, "each plan created once, never updated")
        #expect(try run.plan(["--detailed-exitcode"]).status == 0)
    }
}

extension ApplyE2E {
    /// A crash loses nothing: every plan on the server is recorded in state with its
    /// planId, or has a create intent recorded (so the next run looks it up first).
    /// And no recorded planId points at another plan.
    static func expectServerKnownToState(_ run: ApplyRun, note: String = "", sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = run.directory.url.appendingPathComponent("state.json").path
        let state = FileManager.default.fileExists(atPath: path) ? try run.state() : RecordedState([:])
        let onServer = byName(try run.sim.plans())
        for (name, plan) in onServer {
            let id = plan["planId"] as? Int
            let known = state.planIds[name] == id || state.pending.contains(name)
            #expect(known, "\(name) (planId \(id ?? -1)) is on the server but not in state \(note)", sourceLocation: sourceLocation)
        }
        for (name, id) in state.planIds {
            #expect(onServer[name]?["planId"] as? Int == id, "state records \(name) as \(id) \(note)", sourceLocation: sourceLocation)
        }
    }
}
