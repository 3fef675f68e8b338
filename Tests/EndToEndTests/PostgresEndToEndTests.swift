import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `jmr-apply apply` with `--state postgres://...` through the built binary, against a
/// real PostgreSQL sandbox and a real `jmr-sim`: concurrent runs, the lock between
/// processes, and a holder killed mid-run.
@Suite(.serialized) struct PostgresEndToEndTests {
    @Test func threeAppliesAtOnceCreateEachPlanExactlyOnce() async throws {
        let run = try PostgresRun(simulatorArguments: ["--latency-ms", "20"])
        defer { run.finish() }
        let plans = try run.writePlans(ApplyE2E.plans(30))
        // The state location from JMR_STATE, the workspace from the command line.
        let environment = run.sim.environment(["JMR_STATE": run.url])
        let arguments = ["apply", "plans.yaml", "--workspace", run.workspace]

        let processes = try (0..<3).map { _ in try run.launch(arguments, environment: environment) }
        let results = try await offPool { processes.map { $0.finish() } }

        for result in results {
            #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        }
        // The lock serialises them: one creates everything, the others find nothing to do.
        #expect(results.filter { $0.stdout.contains("Apply complete: 30 created, 0 unchanged.") }.count == 1, "\(results.map(\.stdout))")
        #expect(results.filter { $0.stdout.contains("No changes. 30 plans match the recorded state.") }.count == 2, "\(results.map(\.stdout))")

        let names = try run.sim.plans().compactMap { $0["planName"] as? String }
        #expect(names.count == 30)
        #expect(Set(names) == Set(plans.map(\.name)))
        let stats = SimStats(try run.sim.stats())
        #expect(stats.count("cronJob:create") == 30)
        #expect(stats.changes == 30)

        // The shared state records every plan with the server's id, nothing pending.
        let stored = try #require(try await run.storedState())
        let onServer = ApplyE2E.byName(try run.sim.plans()).mapValues { $0["planId"] as? Int }
        #expect(stored.plans.mapValues { $0["planId"] as? Int } == onServer)
        #expect(stored.plans.values.allSatisfy { $0["pendingCreate"] == nil })
        // Lock released, holder row cleared.
        let workspace = run.workspace
        let backends = try await offPool { try PostgresRun.lockHolderBackends(workspace) }
        #expect(backends == [])
        #expect(try await run.storedHolder() == nil)

        let plan = try await run.run(["plan", "plans.yaml", "--workspace", run.workspace, "--detailed-exitcode"], environment: environment)
        #expect(plan.status == 0, "\(plan.stdout)\n\(plan.stderr)")
    }

    /// A slow apply holds the lock; a second one times out naming it, a third waits for it.
    @Test func aSecondApplyTimesOutNamingTheHolderOrWaitsForIt() async throws {
        let run = try PostgresRun(simulatorArguments: ["--latency-ms", "500"])
        defer { run.finish() }
        try run.writePlans(ApplyE2E.plans(6))
        let password = try PostgresSandbox.password()
        let slow = try run.launch(["apply", "plans.yaml"] + run.state() + ["--parallelism", "1"])
        defer { slow.stop() }

        // The slow apply records itself once it holds the lock.
        let workspace = run.workspace, slowPid = slow.pid
        let recorded = try await poll(seconds: 30) { try PostgresRun.storedHolder(workspace)?.pid == slowPid }
        try #require(recorded, "the slow apply never recorded itself as the lock holder")
        let holder = try #require(try await run.storedHolder())
        #expect(holder.host == ProcessInfo.processInfo.hostName)
        #expect(holder.command.hasPrefix("jmr-apply apply plans.yaml --state "))
        #expect(!holder.command.contains(password), "the recorded command shows the password: \(holder.command)")
        // The lock is one session's, on the server.
        let backends = try await offPool { try PostgresRun.lockHolderBackends(workspace) }
        #expect(backends.count == 1)

        // State is saved after each change, not at the end: plans appear while it runs.
        let saving = try await poll(seconds: 30) {
            (try PostgresRun.storedState(workspace)?.plans.values.contains { $0["planId"] != nil }) ?? false
        }
        #expect(saving)
        #expect(slow.process.isRunning)

        let refused = try await run.run(["apply", "plans.yaml"] + run.state() + ["--lock-timeout", "1s"])
        #expect(refused.status == 1)
        let store = "\(run.maskedURL) (workspace \(run.workspace))"
        #expect(refused.stderr.hasPrefix("Waiting up to 1s for the state lock on \(store), held by "), "\(refused.stderr)")
        #expect(refused.stderr.contains("error: timed out after 1s waiting for the lock on state \(store): held by "), "\(refused.stderr)")
        for named in ["@\(holder.host) pid \(slowPid) since ", " running '\(holder.command)'"] {
            #expect(refused.stderr.components(separatedBy: named).count == 3, "holder '\(named)' not named twice in: \(refused.stderr)")
        }
        #expect(!refused.stdout.contains("created"))
        #expect(!(refused.stdout + refused.stderr).contains(password))
        #expect(slow.process.isRunning, "the slow apply finished before the timeout test; raise its latency")

        // With time to wait, it runs after the holder and finds everything done.
        let waited = try await run.run(["apply", "plans.yaml"] + run.state() + ["--lock-timeout", "60s"])
        let applied = try await offPool { slow.finish() }
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("Apply complete: 6 created, 0 unchanged."), "\(applied.stdout)")
        #expect(waited.status == 0, "\(waited.stderr)")
        #expect(waited.stderr.hasPrefix("Waiting up to 60s for the state lock on \(store), held by "), "\(waited.stderr)")
        #expect(waited.stderr.contains(" pid \(slowPid) since "))
        #expect(waited.stdout.contains("No changes. 6 plans match the recorded state."), "\(waited.stdout)")
        #expect(!(waited.stdout + waited.stderr + applied.stdout + applied.stderr).contains(password))

        let stats = SimStats(try run.sim.stats())
        #expect(stats.count("cronJob:create") == 6)
        #expect(stats.changes == 6)
        let after = try await offPool { try PostgresRun.lockHolderBackends(workspace) }
        #expect(after == [])
    }

    /// A writer that ignores the lock changes the row under a running apply: the apply's
    /// next compare-and-swap save fails, it says so, and the other write survives.
    @Test func aLostRaceIsDetectedAndNeverOverwrites() async throws {
        let run = try PostgresRun(simulatorArguments: ["--latency-ms", "400"])
        defer { run.finish() }
        try run.writePlans(ApplyE2E.plans(6))
        let apply = try run.launch(["apply", "plans.yaml"] + run.state() + ["--parallelism", "1"])
        defer { apply.stop() }
        let workspace = run.workspace

        let started = try await poll(seconds: 30) {
            (try PostgresRun.storedState(workspace)?.plans.values.contains { $0["planId"] != nil }) ?? false
        }
        try #require(started, "the apply never saved a plan")
        // Another writer: serial + 100, in the column and the document alike.
        let rogue = try await offPool {
            _ = try PostgresSandbox.psql(
                """
                UPDATE \(PostgresRun.schema).states
                SET serial = serial + 100, data = jsonb_set(data, '{serial}', to_jsonb(serial + 100))
                WHERE workspace = \(PostgresSandbox.literal(workspace))
                """)
            return try PostgresRun.storedState(workspace)
        }
        let written = try #require(rogue)
        #expect(apply.process.isRunning, "the apply finished before the other write; raise its latency")

        let result = try await offPool { apply.finish() }
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("was changed by another run (expected serial "), "\(result.stderr)")
        #expect(result.stderr.contains(", found serial \(written.serial)); nothing was overwritten."), "\(result.stderr)")
        let after = try #require(try await run.storedState())
        #expect(after.serial == written.serial)
        #expect(after.data == written.data)
        // It stopped starting changes once its state could not be saved.
        #expect(SimStats(try run.sim.stats()).count("cronJob:create") < 6)
        #expect(try await run.storedHolder() == nil)
        let backends = try await offPool { try PostgresRun.lockHolderBackends(workspace) }
        #expect(backends == [])
    }

    /// `kill -9` of the holder: the server drops its session and the lock with it.
    @Test func aKilledHoldersLockIsFreedByTheServer() async throws {
        let latency = 300
        let run = try PostgresRun(simulatorArguments: ["--latency-ms", String(latency)])
        defer { run.finish() }
        let plans = try run.writePlans(ApplyE2E.plans(8))
        let victim = try run.launch(["apply", "plans.yaml"] + run.state() + ["--parallelism", "1"])
        defer { victim.stop() }
        let workspace = run.workspace, victimPid = victim.pid

        // Kill it mid-run: holding the lock, with some plans created and some not.
        let midway = try await poll(seconds: 30) {
            (try PostgresRun.storedState(workspace)?.plans.values.filter { $0["planId"] != nil }.count ?? 0) >= 2
        }
        try #require(midway, "the apply never got going")
        let backends = try await offPool { try PostgresRun.lockHolderBackends(workspace) }
        try #require(backends.count == 1)
        kill(victimPid, SIGKILL)
        let killed = try await offPool { victim.finish() }
        #expect(killed.status == SIGKILL)
        #expect(victim.process.terminationReason == .uncaughtSignal)
        let created = try run.sim.plans().count
        #expect(created >= 2 && created < 8, "killed too late: \(created) of 8 created")

        // The server releases the lock with the dead session; the holder row stays behind.
        let freed = try await poll(seconds: 10) { try PostgresRun.lockHolderBackends(workspace).isEmpty }
        #expect(freed, "the server kept the killed apply's lock")
        #expect(try await run.storedHolder()?.pid == victimPid)

        // Let a create the victim sent finish on the simulator before the next run looks.
        let sim = run.sim
        try await Task.sleep(for: .milliseconds(2 * latency))
        _ = try await poll(seconds: 5) {
            let stats = SimStats(try sim.stats())
            return stats.mutating == stats.changes
        }

        let next = try await run.run(["apply", "plans.yaml"] + run.state() + ["--lock-timeout", "5s"])
        #expect(next.status == 0, "\(next.stdout)\n\(next.stderr)")
        #expect(!next.stderr.contains("Waiting"), "\(next.stderr)")
        #expect(next.stdout.contains("Apply complete: "), "\(next.stdout)")

        // Every plan exactly once on the server, all recorded.
        let names = try run.sim.plans().compactMap { $0["planName"] as? String }
        #expect(names.count == 8)
        #expect(Set(names) == Set(plans.map(\.name)))
        #expect(SimStats(try run.sim.stats()).changes == 8)
        let stored = try #require(try await run.storedState())
        #expect(stored.plans.mapValues { $0["planId"] as? Int } == ApplyE2E.byName(try run.sim.plans()).mapValues { $0["planId"] as? Int })
        #expect(stored.plans.values.allSatisfy { $0["pendingCreate"] == nil })
        #expect(try await run.storedHolder() == nil)

        let plan = try await run.run(["plan", "plans.yaml"] + run.state() + ["--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.stdout)\n\(plan.stderr)")
    }
}
