import Foundation
import JMRAPI
import PlanApply
import PlanConfig
import PlanDiff
import PlanState
import Synchronization

enum ApplyFixtures {
    static let region = "cn-north-1"

    static func spec(hour: Int = 2, jobs: [String] = ["1001", "1002"], description: String? = "nightly") -> PlanSpec {
        PlanSpec(
            cluster: "jmr-abc123", jobs: jobs, schedule: Schedule(fields: ["0", "30", String(hour), "*", "*", "?"]),
            description: description, failurePolicy: "continue", type: "cron"
        )
    }

    static func plan(_ name: String, _ spec: PlanSpec = spec()) -> Plan {
        Plan(name: name, spec: spec, location: SourceLocation(file: "plans.yaml", line: 1, column: 1))
    }

    /// The request jmr-apply would send for `spec` (for seeding the mock server).
    static func request(_ name: String, _ spec: PlanSpec, planId: Int64? = nil) -> CreateCronJobRequest {
        let s = spec.schedule
        return CreateCronJobRequest(
            day: s.day, hour: s.hour, minute: s.minute, month: s.month, time: s.time, week: s.week,
            jmrPlanViewModel: JmrPlanViewModel(
                clusterId: spec.cluster, dataCenter: region, description: spec.description,
                failurePolicy: spec.failurePolicy, jobIds: spec.jobIds, planId: planId, planName: name, planType: spec.type
            )
        )
    }

    static func options(parallelism: Int = 4, failFast: Bool = false, maxRetries: Int = 3) -> ApplyOptions {
        ApplyOptions(
            region: region, parallelism: parallelism, failFast: failFast,
            retryPolicy: RetryPolicy(maxRetries: maxRetries, backoff: Backoff(random: { 0.5 })),
            retryBudget: RetryBudget(retries: 100), sleeper: InstantSleeper()
        )
    }

    /// Diffs `plans` against what `store` holds and applies the diff with `client`.
    static func apply(
        _ plans: [Plan], store: any StateStore, client: any JMRClient, options: ApplyOptions = options(),
        progress: @escaping @Sendable (ApplyResult) -> Void = { _ in }
    ) async throws -> ApplyReport {
        let state = try store.load() ?? State(region: region)
        let diff = PlanDiff(configuration: Configuration(region: region, plans: plans), state: state)
        let journal = StateJournal(store: store, state: state)
        return await Applier(client: client, journal: journal, options: options).apply(diff, progress: progress)
    }
}

/// Returns at once and remembers what was asked.
final class InstantSleeper: Sleeper {
    private let recorded = Mutex<[Duration]>([])
    var sleeps: [Duration] { recorded.withLock { $0 } }

    func sleep(for duration: Duration) async throws {
        recorded.withLock { $0.append(duration) }
    }
}

/// An in-memory store that keeps every saved version and can be told to fail a save.
final class RecordingStateStore: StateStore {
    private let inner: InMemoryStateStore
    private let history = Mutex<[State]>([])
    /// Saves numbered from 1 at or after which `save` fails.
    private let failFrom: Int?

    init(_ state: State? = nil, failFromSave failFrom: Int? = nil) {
        inner = InMemoryStateStore(state)
        self.failFrom = failFrom
    }

    var displayName: String { "(recording)" }
    var saves: [State] { history.withLock { $0 } }
    var state: State? { inner.state }

    func load() throws(StateError) -> State? { try inner.load() }

    func lock(timeout: Duration, holder: LockHolder, waiting: (LockHolder?) -> Void) throws(StateError) {
        try inner.lock(timeout: timeout, holder: holder, waiting: waiting)
    }

    func save(_ state: State) throws(StateError) -> State {
        let attempt = history.withLock { $0.count + 1 }
        if let failFrom, attempt >= failFrom {
            throw .io(store: displayName, detail: "disk full (save \(attempt))")
        }
        let saved = try inner.save(state)
        history.withLock { $0.append(saved) }
        return saved
    }

    func unlock() throws(StateError) { try inner.unlock() }
}
