import Foundation
import Testing

/// `jmr-apply apply` through the built binary against a real `jmr-sim` process.
@Suite(.serialized) struct ApplyEndToEndTests {
    @Test func createsEveryPlanWithTheDeclaredFields() throws {
        let run = try ApplyRun(plans: ApplyE2E.plans(50))
        defer { run.finish() }

        let result = try run.apply()

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Apply complete: 50 created, 0 unchanged."), "\(result.stdout)")
        let onServer = try ApplyE2E.byName(run.sim.plans())
        #expect(onServer.count == 50)
        #expect(Set(onServer.keys) == Set(run.plans.map(\.name)))
        for plan in run.plans {
            let server = try #require(onServer[plan.name])
            #expect(server["clusterId"] as? String == plan.cluster, "\(plan.name)")
            #expect(server["jobIds"] as? String == plan.jobs.joined(separator: ","), "\(plan.name)")
            #expect(server["cronExpression"] as? String == plan.schedule, "\(plan.name)")
            #expect(server["description"] as? String == plan.description, "\(plan.name)")
            #expect(server["failurePolicy"] as? String == plan.failurePolicy, "\(plan.name)")
            #expect(server["planType"] as? String == plan.type, "\(plan.name)")
            #expect(server["dataCenter"] as? String == ApplyE2E.region, "\(plan.name)")
            #expect(server["region"] as? String == ApplyE2E.region, "\(plan.name)")
        }
        // State records the server's ids, and nothing is left pending.
        let state = try run.state()
        #expect(state.planIds == onServer.mapValues { ($0["planId"] as? Int) ?? -1 })
        #expect(state.pending.isEmpty)
        // One create and one lookup by name per plan, and no more.
        let stats = try SimStats(run.sim.stats())
        #expect(stats.calls == ["cronJob:create": 50, "cronJob:list": 50])
        #expect(stats.mutating == 50)
        #expect(stats.changes == 50)
    }

    @Test func aRerunChangesNothingAndCallsNothingThatMutates() throws {
        let run = try ApplyRun(plans: ApplyE2E.plans(50))
        defer { run.finish() }
        #expect(try run.apply().status == 0)
        let before = try SimStats(run.sim.stats())
        let idsBefore = try ApplyE2E.byName(run.sim.plans()).mapValues { $0["planId"] as? Int }

        let rerun = try run.apply()
        let detailed = try run.apply(["--detailed-exitcode"])

        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("No changes. 50 plans match the recorded state."), "\(rerun.stdout)")
        #expect(detailed.status == 0)
        let after = try SimStats(run.sim.stats())
        #expect(after.mutating == before.mutating)
        #expect(after.calls == before.calls, "a rerun makes no API calls at all")
        #expect(after.changes == before.changes)
        #expect(try ApplyE2E.byName(run.sim.plans()).mapValues { $0["planId"] as? Int } == idsBefore)
    }

    @Test func changedSchedulesAreUpdatedInPlaceWithTheRecordedPlanIds() throws {
        var plans = ApplyE2E.plans(50)
        let run = try ApplyRun(plans: plans)
        defer { run.finish() }
        #expect(try run.apply().status == 0)
        let recorded = try run.state().planIds
        let before = try SimStats(run.sim.stats())
        let changed = [3, 11, 19, 27, 42]
        for index in changed {
            plans[index].schedule = "0 45 \((index + 5) % 24) ? * MON-FRI"
        }
        try run.write(plans)

        let result = try run.apply(["--output", "json"])

        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["succeeded"] as? Bool == true)
        #expect(report["unchanged"] as? Int == 45)
        let results = try #require(report["results"] as? [[String: Any]])
        #expect(results.count == 5)
        #expect(Set(results.compactMap { $0["name"] as? String }) == Set(changed.map { plans[$0].name }))
        for entry in results {
            let name = try #require(entry["name"] as? String)
            #expect(entry["action"] as? String == "update")
            #expect(entry["outcome"] as? String == "updated")
            #expect(entry["planId"] as? Int == recorded[name], "\(name) must keep its planId")
            #expect((entry["requestId"] as? String)?.isEmpty == false)
            #expect(entry["calls"] as? Int == 2, "the update and its read-back")
        }
        let onServer = try ApplyE2E.byName(run.sim.plans())
        #expect(onServer.count == 50, "no new plans")
        for (index, plan) in plans.enumerated() {
            let server = try #require(onServer[plan.name])
            #expect(server["planId"] as? Int == recorded[plan.name])
            #expect(server["cronExpression"] as? String == plan.schedule, "\(plan.name) (changed: \(changed.contains(index)))")
        }
        let after = try SimStats(run.sim.stats())
        #expect(after.count("cronJob:create") - before.count("cronJob:create") == 5, "five creates carrying a planId")
        #expect(after.count("cronJob:list") - before.count("cronJob:list") == 5, "each update is read back by name once")
        #expect(after.mutating - before.mutating == 5)
        #expect(after.changes - before.changes == 5)
        #expect(try run.state().planIds == recorded)
        #expect(try run.plan(["--detailed-exitcode"]).status == 0)
    }

    @Test func secretsNeverAppearAndTheAccessKeyOnlyMasked() throws {
        let run = try ApplyRun(plans: ApplyE2E.plans(6))
        defer { run.finish() }
        let secret = SimulatorProcess.secretKey
        let accessKey = SimulatorProcess.accessKey
        let masked = String(accessKey.prefix(4)) + "****"

        let verbose = try run.apply(["--verbose"])
        var changed = run.plans
        changed[0].description = "changed"
        try run.write(changed)
        let verboseUpdate = try run.apply(["--verbose", "--output", "json"])
        // A wrong secret: every call is rejected; the error output must not leak either key.
        changed[1].description = "changed too"
        try run.write(changed)
        let wrongSecret = "wrong/Secret+Key==9999"
        let rejected = try run.apply(["--verbose"], environment: run.sim.environment(["JDCLOUD_SECRET_KEY": wrongSecret]))

        #expect(verbose.status == 0, "\(verbose.stderr)")
        #expect(verboseUpdate.status == 0, "\(verboseUpdate.stderr)")
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("UNAUTHENTICATED"), "\(rejected.stderr)")
        #expect(verbose.stderr.contains("ak=\(masked)"), "verbose logs name the masked key: \(verbose.stderr)")
        let outputs = [verbose, verboseUpdate, rejected].flatMap { [$0.stdout, $0.stderr] }
        for output in outputs {
            #expect(!output.contains(secret))
            #expect(!output.contains(wrongSecret))
            #expect(!output.contains(accessKey))
            #expect(!ApplyE2E.containsSignature(output), "no 64-hex signature or hash in output")
        }
        let stateText = try run.directory.read("state.json")
        #expect(!stateText.contains(secret))
        #expect(!stateText.contains(accessKey))
        #expect(!stateText.contains(masked))
    }

    @Test func aRejectedPlanFailsAloneAndFailFastSkipsTheRest() throws {
        var plans = ApplyE2E.plans(8)
        let run = try ApplyRun(plans: plans)
        defer { run.finish() }
        #expect(try run.apply().status == 0)
        // plan-000 was deleted on the server behind jmr-apply's back: its recorded
        // planId no longer exists, so the update is rejected (404).
        try run.editState { plans in plans["plan-000"]?["planId"] = 99_999 }
        for index in [0, 2, 5] {
            plans[index].schedule = "0 10 \(index + 1) * * ?"
        }
        try run.write(plans)

        let result = try run.apply()

        #expect(result.status == 1)
        #expect(result.stdout.contains("Apply failed: 2 updated, 1 failed, 5 unchanged."), "\(result.stdout)")
        let failureLine = try #require(result.stderr.split(separator: "\n").first { $0.contains("plan-000:") }, "\(result.stderr)")
        #expect(result.stderr.contains("Failures:"))
        #expect(failureLine.contains("HTTP 404 NOT_FOUND"))
        #expect(failureLine.contains("99999"))
        let requestId = try #require(ApplyE2E.requestId(in: String(failureLine)), "the failure names its requestId: \(failureLine)")
        #expect(requestId.count == 32)
        let onServer = try ApplyE2E.byName(run.sim.plans())
        #expect(onServer["plan-002"]?["cronExpression"] as? String == plans[2].schedule, "others are still applied")
        #expect(onServer["plan-005"]?["cronExpression"] as? String == plans[5].schedule)
        #expect(onServer.count == 8)
        #expect(try run.state().planIds["plan-000"] == 99_999, "a failed update leaves the record as it was")

        // With --fail-fast and one change at a time, nothing after the failure is tried.
        plans[3].schedule = "0 20 4 * * ?"
        plans[6].schedule = "0 20 7 * * ?"
        try run.write(plans)
        let before = try SimStats(run.sim.stats())
        let failFast = try run.apply(["--fail-fast", "--parallelism", "1", "--output", "json"])

        #expect(failFast.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(failFast.stdout.utf8)) as? [String: Any])
        let outcomes = Dictionary(uniqueKeysWithValues: try #require(report["results"] as? [[String: Any]]).map {
            ($0["name"] as? String ?? "", $0["outcome"] as? String ?? "")
        })
        #expect(outcomes == ["plan-000": "failed", "plan-003": "skipped", "plan-006": "skipped"])
        #expect(report["succeeded"] as? Bool == false)
        let after = try SimStats(run.sim.stats())
        #expect(after.count("cronJob:create") - before.count("cronJob:create") == 1)
        let afterPlans = try ApplyE2E.byName(run.sim.plans())
        #expect(afterPlans["plan-003"]?["cronExpression"] as? String == "0 15 3 ? * MON-FRI", "skipped: still the old schedule")
    }

    @Test func missingCredentialsFailBeforeAnyCall() throws {
        let run = try ApplyRun(plans: ApplyE2E.plans(3))
        defer { run.finish() }
        // No JDCLOUD_* variables and a home without ~/.jdc.
        let environment = Executables.cleanEnvironment(["HOME": run.directory.path, "JMR_ENDPOINT": run.sim.url])
        let before = try SimStats(run.sim.stats())

        let result = try run.apply([], environment: environment)

        #expect(result.status == 1)
        #expect(result.stderr.contains("no JD Cloud credentials found"), "\(result.stderr)")
        #expect(result.stderr.contains("JDCLOUD_ACCESS_KEY"))
        let after = try SimStats(run.sim.stats())
        #expect(after.calls == before.calls)
        #expect(after.mutating == before.mutating)
        #expect(!FileManager.default.fileExists(atPath: run.directory.url.appendingPathComponent("state.json").path))

        // Half a key pair is refused too, naming the missing half.
        let half = try run.apply([], environment: Executables.cleanEnvironment([
            "HOME": run.directory.path, "JMR_ENDPOINT": run.sim.url, "JDCLOUD_ACCESS_KEY": SimulatorProcess.accessKey,
        ]))
        #expect(half.status == 1)
        #expect(half.stderr.contains("JDCLOUD_SECRET_KEY is not"), "\(half.stderr)")
        #expect(try SimStats(run.sim.stats()).calls == before.calls)
    }
}

// MARK: - Shared by the apply end-to-end tests

/// One declared plan, as written to plans.yaml.
struct DeclaredPlan {
    var name: String
    var cluster: String
    var jobs: [String]
    var schedule: String
    var description: String
    var failurePolicy: String
    var type: String
}

enum ApplyE2E {
    static let region = "cn-north-1"

    /// `count` plans with varied fields; every fourth has a weekday schedule.
    static func plans(_ count: Int, prefix: String = "plan") -> [DeclaredPlan] {
        (0..<count).map { i in
            let name = "\(prefix)-" + String(repeating: "0", count: max(0, 3 - String(i).count)) + String(i)
            return DeclaredPlan(
                name: name, cluster: "jmr-cluster\(i % 3)", jobs: ["\(1000 + i)", "\(5000 + i % 7)"],
                schedule: i % 4 == 3 ? "0 15 \(i % 24) ? * MON-FRI" : "0 \(i % 60) \(i % 24) * * ?",
                description: "job \(i): nightly load", failurePolicy: i % 2 == 0 ? "continue" : "stop", type: "cron"
            )
        }
    }

    static func yaml(_ plans: [DeclaredPlan]) -> String {
        var text = "version: 1\nregion: \(region)\nplans:\n"
        for plan in plans {
            text += """
                  \(plan.name):
                    cluster: \(plan.cluster)
                    jobs: [\(plan.jobs.joined(separator: ", "))]
                    schedule: "\(plan.schedule)"
                    description: "\(plan.description)"
                    failurePolicy: \(plan.failurePolicy)
                    type: \(plan.type)

                """
        }
        return text
    }

    /// `/__sim/plans` entries by planName.
    static func byName(_ plans: [[String: Any]]) -> [String: [String: Any]] {
        Dictionary(plans.map { ($0["planName"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// True when `text` holds a run of 64 hex digits (a signature or a SHA-256).
    static func containsSignature(_ text: String) -> Bool {
        var run = 0
        for character in text.unicodeScalars {
            if ("0"..."9").contains(character) || ("a"..."f").contains(character) {
                run += 1
                if run >= 64 { return true }
            } else {
                run = 0
            }
        }
        return false
    }

    /// The id after "requestId " in a line.
    static func requestId(in line: String) -> String? {
        guard let range = line.range(of: "requestId ") else { return nil }
        let id = line[range.upperBound...].prefix { $0.isLetter || $0.isNumber }
        return id.isEmpty ? nil : String(id)
    }
}

/// The recorded state, read from the state file.
struct RecordedState {
    /// planId by plan name, for plans with one.
    var planIds: [String: Int]
    /// Names with a create intent still recorded.
    var pending: Set<String>
    var serial: Int

    init(_ object: [String: Any]) {
        let plans = object["plans"] as? [String: [String: Any]] ?? [:]
        planIds = plans.compactMapValues { $0["planId"] as? Int }
        pending = Set(plans.filter { $0.value["pendingCreate"] != nil }.keys)
        serial = object["serial"] as? Int ?? -1
    }
}

/// `/__sim/stats`.
struct SimStats {
    var calls: [String: Int]
    var mutating: Int
    var changes: Int
    var faults: [String: Int]

    init(_ object: [String: Any]) {
        calls = object["calls"] as? [String: Int] ?? [:]
        mutating = object["mutating"] as? Int ?? -1
        changes = object["changes"] as? Int ?? -1
        faults = object["faults"] as? [String: Int] ?? [:]
    }

    func count(_ call: String) -> Int { calls[call] ?? 0 }
}

/// A temporary directory with plans.yaml and a state file, and a simulator to apply to.
final class ApplyRun {
    let directory: TemporaryDirectory
    let sim: SimulatorProcess
    private(set) var plans: [DeclaredPlan]

    init(plans: [DeclaredPlan], simulatorArguments: [String] = []) throws {
        directory = try TemporaryDirectory("jmr-apply-e2e-apply")
        sim = try SimulatorProcess(simulatorArguments)
        self.plans = plans
        try write(plans)
    }

    func write(_ plans: [DeclaredPlan]) throws {
        self.plans = plans
        try directory.write("plans.yaml", ApplyE2E.yaml(plans))
    }

    var applyArguments: [String] { ["apply", "plans.yaml", "--state", "state.json"] }

    func apply(_ extra: [String] = [], environment: [String: String]? = nil) throws -> ProcessResult {
        try Executables.runJMRApply(applyArguments + extra, in: directory.url, environment: environment ?? sim.environment())
    }

    func plan(_ extra: [String] = []) throws -> ProcessResult {
        try Executables.runJMRApply(["plan", "plans.yaml", "--state", "state.json"] + extra, in: directory.url, environment: sim.environment())
    }

    /// The state file parsed as JSON (it must be valid).
    func stateObject() throws -> [String: Any] {
        let data = try Data(contentsOf: directory.url.appendingPathComponent("state.json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw SimulatorError("state.json is not a JSON object")
        }
        return object
    }

    func state() throws -> RecordedState { RecordedState(try stateObject()) }

    /// Rewrites the state file's plans (as JSON objects) in place.
    func editState(_ edit: (inout [String: [String: Any]]) -> Void) throws {
        var object = try stateObject()
        var plans = object["plans"] as? [String: [String: Any]] ?? [:]
        edit(&plans)
        object["plans"] = plans
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: directory.url.appendingPathComponent("state.json"))
    }

    func finish() {
        sim.stop()
        directory.remove()
    }
}
