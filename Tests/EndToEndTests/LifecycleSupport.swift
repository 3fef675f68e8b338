import Foundation
import JMRAPI
import Testing

/// One lifecycle scenario: a real `jmr-sim`, a fresh working directory with the default
/// state file, and a signed JMRAPI client for changes made behind jmr-apply's back.
final class LifecycleWorkspace: @unchecked Sendable {
    static let region = "cn-north-1"
    static let stateFile = "jmr-apply.state.json"

    let sim: SimulatorProcess
    let directory: TemporaryDirectory
    let direct: DirectAPI

    init() throws {
        sim = try SimulatorProcess()
        directory = try TemporaryDirectory("jmr-apply-lifecycle")
        direct = try DirectAPI(url: sim.url)
    }

    deinit {
        sim.stop()
        directory.remove()
    }

    /// Runs `jmr-apply` in the working directory against the simulator.
    @discardableResult
    func run(_ arguments: String...) throws -> ProcessResult {
        try Executables.runJMRApply(arguments, in: directory.url, environment: sim.environment())
    }

    /// Writes `plans.yaml` (or `name`) declaring `plans` (YAML text indented by four spaces
    /// under each name), with cluster `jmr-abc123` as a default.
    @discardableResult
    func writePlans(_ plans: String, to name: String = "plans.yaml") throws -> String {
        let body = plans.isEmpty ? "plans: {}\n" : "plans:\n" + plans
        return try directory.write(name, "version: 1\nregion: \(Self.region)\ndefaults:\n  cluster: jmr-abc123\n" + body)
    }

    // MARK: state

    /// The state file's bytes (nil when there is none).
    func stateBytes() -> Data? {
        try? Data(contentsOf: directory.url.appendingPathComponent(Self.stateFile))
    }

    /// The recorded plans by name.
    func statePlans() throws -> [String: [String: Any]] {
        let data = try #require(stateBytes(), "no state file")
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (object["plans"] as? [String: [String: Any]]) ?? [:]
    }

    /// The planId state records for `name`.
    func statePlanId(_ name: String) throws -> Int64 {
        let record = try #require(try statePlans()[name], "state has no plan '\(name)'")
        return try #require((record["planId"] as? NSNumber)?.int64Value, "state has no planId for '\(name)'")
    }

    // MARK: simulator

    /// Every plan on the simulator with this exact name.
    func simPlans(named name: String) throws -> [[String: Any]] {
        try sim.plans().filter { $0["planName"] as? String == name }
    }

    /// The one plan on the simulator named `name`.
    func simPlan(_ name: String) throws -> [String: Any] {
        let found = try simPlans(named: name)
        try #require(found.count == 1, "expected exactly one plan named '\(name)' on the simulator, found \(found.count)")
        return found[0]
    }

    /// The names of every plan on the simulator, sorted.
    func simPlanNames() throws -> [String] {
        try sim.plans().compactMap { $0["planName"] as? String }.sorted()
    }

    /// `/__sim/stats` `mutating`: create, modify, delete, pause and resume calls received.
    func mutatingCalls() throws -> Int {
        try #require((try sim.stats()["mutating"] as? NSNumber)?.intValue)
    }

    /// Calls received by name, e.g. `cronJob:delete`.
    func calls(_ name: String) throws -> Int {
        let calls = (try sim.stats()["calls"] as? [String: Any]) ?? [:]
        return (calls[name] as? NSNumber)?.intValue ?? 0
    }
}

/// Signed calls straight to the simulator with the project's own JMRAPI client: someone
/// else changing, pausing or deleting plans behind jmr-apply's back.
struct DirectAPI: Sendable {
    let client: HTTPJMRClient
    let region = LifecycleWorkspace.region

    init(url: String) throws {
        client = HTTPJMRClient(configuration: JMRClientConfiguration(
            endpoint: try JMREndpoint(url),
            credentials: JDCloudCredentials(accessKey: SimulatorProcess.accessKey, secretKey: SimulatorProcess.secretKey),
            attemptTimeout: .seconds(10), deadline: .seconds(30)
        ))
    }

    /// A plan as another tool would write it; `schedule` is a six-field Quartz expression.
    struct Plan {
        var name: String
        var schedule: String
        var jobs = "1001,1002"
        var cluster = "jmr-abc123"
        var description: String?
        var failurePolicy: String?
        var type: String?
        var az: String?
        var clusterName: String?
        var jobGroup: String?
        var trigger: String?
        var sync: Bool?
    }

    /// `cronJob:create` without a planId; returns the new plan's id (found by name).
    @discardableResult
    func create(_ plan: Plan) async throws -> Int64 {
        _ = try await client.createCronJob(region: region, request: request(plan, planId: nil))
        let found = try await client.findPlan(named: plan.name, region: region)
        return try #require(found.value?.planId)
    }

    /// `cronJob:create` with a planId: replaces every writable member of the plan.
    func update(_ planId: Int64, to plan: Plan) async throws {
        _ = try await client.createCronJob(region: region, request: request(plan, planId: planId))
    }

    func delete(_ planId: Int64) async throws {
        _ = try await client.deleteCronJob(region: region, planId: planId)
    }

    func pause(_ planId: Int64) async throws {
        _ = try await client.pauseCronJob(region: region, planId: planId)
    }

    private func request(_ plan: Plan, planId: Int64?) throws -> CreateCronJobRequest {
        let fields = plan.schedule.split(separator: " ").map(String.init)
        try #require(fields.count == 6, "a schedule has six fields: \(plan.schedule)")
        return CreateCronJobRequest(
            day: fields[3], hour: fields[2], minute: fields[1], month: fields[4], time: fields[0], week: fields[5],
            jmrPlanViewModel: JmrPlanViewModel(
                az: plan.az, clusterId: plan.cluster, clusterName: plan.clusterName, dataCenter: region,
                description: plan.description, failurePolicy: plan.failurePolicy, isSync: plan.sync,
                jobGroup: plan.jobGroup, jobIds: plan.jobs, jobTrigger: plan.trigger, planId: planId,
                planName: plan.name, planType: plan.type
            )
        )
    }
}

/// The `--output json` plan document's changes, by name.
func planChanges(_ json: String) throws -> [String: [String: Any]] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "not JSON: \(json)")
    let changes = try #require(object["changes"] as? [[String: Any]])
    var byName: [String: [String: Any]] = [:]
    for change in changes {
        byName[try #require(change["name"] as? String)] = change
    }
    return byName
}

/// `[field: (before, after)]` of a JSON `drift` or `fieldChanges` array.
func fieldMap(_ value: Any?) -> [String: [String?]] {
    var map: [String: [String?]] = [:]
    for entry in (value as? [[String: Any]]) ?? [] {
        guard let field = entry["field"] as? String else { continue }
        map[field] = [entry["before"] as? String, entry["after"] as? String]
    }
    return map
}

extension ProcessResult {
    /// stdout and stderr, for failure messages.
    var transcript: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
}

/// True when plan text output has the field-change line `field  "before" -> "after"` (any padding).
func hasFieldLine(_ output: String, _ field: String, _ before: String, _ after: String) -> Bool {
    output.split(separator: "\n").contains { line in
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(field + " ") else { return false }
        return trimmed.dropFirst(field.count).trimmingCharacters(in: .whitespaces) == "\"\(before)\" -> \"\(after)\""
    }
}
