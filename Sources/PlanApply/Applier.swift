import Foundation
import JMRAPI
import PlanConfig
import PlanDiff
import PlanState

/// Options for one apply run.
public struct ApplyOptions: Sendable {
    public var region: String
    /// Changes applied at once.
    public var parallelism: Int
    /// Stop starting new changes after the first failure.
    public var failFast: Bool
    /// Delete plans that are in state but no longer declared.
    public var prune: Bool
    /// Retries for the applier's own look-up-then-create loop (ambiguous creates).
    public var retryPolicy: RetryPolicy
    public var retryBudget: RetryBudget
    public var sleeper: any Sleeper

    public init(
        region: String, parallelism: Int = 8, failFast: Bool = false, prune: Bool = false, retryPolicy: RetryPolicy = .standard,
        retryBudget: RetryBudget = RetryBudget(), sleeper: any Sleeper = TaskSleeper()
    ) {
        self.region = region
        self.parallelism = max(1, parallelism)
        self.failFast = failFast
        self.prune = prune
        self.retryPolicy = retryPolicy
        self.retryBudget = retryBudget
        self.sleeper = sleeper
    }
}

/// Applies a plan diff through the JMR API, recording state after every change.
///
/// Never creates a plan twice: an intent is recorded before each create; after an
/// ambiguous failure (or a run that died mid-create) the plan is looked up by exact
/// name before any new create; a "name taken" answer adopts the existing plan.
public struct Applier: Sendable {
    let client: any JMRClient
    let journal: StateJournal
    let options: ApplyOptions
    let now: @Sendable () -> Date

    public init(client: any JMRClient, journal: StateJournal, options: ApplyOptions, now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.journal = journal
        self.options = options
        self.now = now
    }

    /// Applies every create and update in `diff` (and every delete when pruning), calling
    /// `progress` as each finishes.
    public func apply(_ diff: PlanDiff, progress: @escaping @Sendable (ApplyResult) -> Void = { _ in }) async -> ApplyReport {
        let work = diff.changes.filter { $0.action == .create || $0.action == .update || ($0.action == .delete && options.prune) }
        let summary = diff.summary
        var report = ApplyReport(results: [], unchanged: summary.noop, notDeclared: options.prune ? 0 : summary.delete, stateError: nil)
        var pending = work[...]
        var stop = false
        // Every create's intent is recorded, in one save, before any create is sent.
        let creates = work.filter { $0.action == .create }
        if !creates.isEmpty {
            let startedAt = now()
            let intents = creates.map { ($0.name, $0.deletedOutside, SpecHash.of($0.after!)) }
            do {
                try await journal.record { state in
                    for (name, deletedOutside, hash) in intents {
                        var record = deletedOutside ? PlanRecord(name: name) : state.plans[name] ?? PlanRecord(name: name)
                        record.pendingCreate = PendingCreate(startedAt: startedAt, specHash: hash)
                        state.plans[name] = record
                    }
                }
            } catch {
                report.stateError = error.description
                stop = true
            }
        }
        await withTaskGroup(of: (ApplyResult, StateError?).self) { group in
            func startNext() {
                guard !stop, let change = pending.popFirst() else { return }
                group.addTask { await self.apply(change) }
            }
            for _ in 0..<options.parallelism where !stop { startNext() }
            while let (result, stateError) = await group.next() {
                report.results.append(result)
                progress(result)
                if let stateError {
                    report.stateError = report.stateError ?? stateError.description
                    stop = true
                } else if !result.succeeded, options.failFast {
                    stop = true
                }
                startNext()
            }
        }
        if stop {
            let reason = report.stateError != nil
                ? "not attempted: state could not be written" : "not attempted after an earlier failure (--fail-fast)"
            for change in pending {
                let skipped = ApplyResult(name: change.name, action: change.action, outcome: .skipped, planId: change.planId, requestId: nil, elapsedMilliseconds: 0, calls: 0, error: reason)
                report.results.append(skipped)
            }
        }
        return report
    }

    // MARK: - One plan

    private func apply(_ change: PlanChange) async -> (ApplyResult, StateError?) {
        let clock = ContinuousClock()
        let start = clock.now
        var tracker = CallTracker()
        var result = ApplyResult(name: change.name, action: change.action, outcome: .failed, planId: change.planId, requestId: nil, elapsedMilliseconds: 0, calls: 0, error: nil)
        do {
            let settled: Settled
            switch change.action {
            case .update where change.fieldChanges.allSatisfy({ $0.field == "enabled" }):
                settled = try await settle(change, planId: change.planId!, server: nil, tracker: &tracker)
                result.outcome = settled.statusChange == nil ? .updated : .statusChanged
            case .update:
                settled = try await update(change, planId: change.planId!, tracker: &tracker)
                result.outcome = .updated
            case .create:
                (settled, result.outcome) = try await create(change, tracker: &tracker)
            case .delete:
                try await delete(change, tracker: &tracker)
                result.outcome = .deleted
                settled = Settled(planId: change.planId)
            case .noop:
                settled = Settled(planId: change.planId)
            }
            result.planId = settled.planId
            result.statusChange = settled.statusChange
            result.warnings = settled.warnings
        } catch let failure as ApplyFailure {
            result.outcome = .failed
            result.error = failure.message
            if let stateError = failure.stateError {
                result.error = stateError.description
                finish(&result, tracker, start, clock)
                return (result, stateError)
            }
        } catch {
            result.error = "\(error)"
        }
        finish(&result, tracker, start, clock)
        return (result, nil)
    }

    private func finish(_ result: inout ApplyResult, _ tracker: CallTracker, _ start: ContinuousClock.Instant, _ clock: ContinuousClock) {
        result.calls = tracker.calls
        result.requestId = tracker.lastRequestId
        let elapsed = clock.now - start
        result.elapsedMilliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }

    /// Sends the declared spec with the recorded planId, then reads it back.
    private func update(_ change: PlanChange, planId: Int64, tracker: inout CallTracker) async throws -> Settled {
        let request = PlanRequest.create(name: change.name, spec: change.after!, region: options.region, planId: planId)
        _ = try await tracker.call { try await client.createCronJob(region: options.region, request: request) }
        return try await settle(change, planId: planId, server: nil, tracker: &tracker)
    }

    /// Creates the plan (or adopts the one that already exists).
    private func create(_ change: PlanChange, tracker: inout CallTracker) async throws -> (Settled, ApplyResult.Outcome) {
        let spec = change.after!
        let name = change.name
        // A previous run may have created it before dying: look before creating.
        if change.resumesInterruptedCreate, let existing = try await lookUp(name, tracker: &tracker) {
            return try await adopt(existing, change: change, tracker: &tracker)
        }
        // The intent was recorded by `apply(_:)` before any create started.
        let request = PlanRequest.create(name: name, spec: spec, region: options.region, planId: nil)
        var retry = 0
        while true {
            let response: JMRResponse<StatusResult>
            do {
                response = try await tracker.call { try await client.createCronJob(region: options.region, request: request) }
            } catch let error as JMRError {
                if APIAssumptions.isNameTaken(error), let existing = try await lookUp(name, tracker: &tracker) {
                    return try await adopt(existing, change: change, tracker: &tracker)
                }
                guard error.mayHaveCommitted else {
                    // The server certainly did not create it: drop the intent again.
                    try await record { state in
                        guard var record = state.plans[name] else { return }
                        record.pendingCreate = nil
                        state.plans[name] = record.planId == nil && record.spec == nil ? nil : record
                    }
                    throw ApplyFailure(error.description)
                }
                guard retry < options.retryPolicy.maxRetries, options.retryBudget.acquire() else {
                    throw ApplyFailure(error.description + " (the create may have happened; the next run looks the plan up by name first)")
                }
                // Ambiguous: the create may have happened. Wait, look, then create only if absent.
                try? await options.sleeper.sleep(for: options.retryPolicy.backoff.delay(forRetry: retry))
                retry += 1
                if let existing = try await lookUp(name, tracker: &tracker) {
                    return try await adopt(existing, change: change, tracker: &tracker)
                }
                continue
            }
            // Created. A failed lookup here keeps the intent: the next run looks again.
            let createdId = response.metadata.requestId ?? "none"
            let created: JmrPlanViewModel?
            do {
                created = try await lookUp(name, tracker: &tracker)
            } catch {
                throw ApplyFailure("created (requestId \(createdId)), but looking up its planId failed: \(error); the next run looks it up again")
            }
            guard let created, let planId = created.planId else {
                throw ApplyFailure("created, but no plan named '\(name)' was found afterwards (requestId \(createdId)); the next run looks it up again")
            }
            return (try await settle(change, planId: planId, server: created, tracker: &tracker), .created)
        }
    }

    /// Records a plan found on the server by name, updating it when it differs.
    private func adopt(_ server: JmrPlanViewModel, change: PlanChange, tracker: inout CallTracker) async throws -> (Settled, ApplyResult.Outcome) {
        guard let planId = server.planId else {
            throw ApplyFailure("the server listed plan '\(change.name)' without a planId")
        }
        let spec = change.after!
        var stored = PlanRequest.spec(from: server, fallback: spec)
        stored.enabled = spec.enabled
        if stored == spec {
            return (try await settle(change, planId: planId, server: server, tracker: &tracker), .adopted(updated: false))
        }
        return (try await update(change, planId: planId, tracker: &tracker), .adopted(updated: true))
    }

    /// Reads the plan back (unless `server` is fresh), pauses or resumes it to match
    /// `enabled`, warns about values the server stored differently, and records it.
    private func settle(_ change: PlanChange, planId: Int64, server: JmrPlanViewModel?, tracker: inout CallTracker) async throws -> Settled {
        let spec = change.after!
        var readBack = server
        if readBack == nil { readBack = try await lookUp(change.name, tracker: &tracker) }
        var settled = Settled(planId: planId)
        var stored = spec
        if let readBack {
            stored = PlanRequest.spec(from: readBack, fallback: spec)
            let paused = APIAssumptions.isPaused(readBack.planStatus) ?? false
            if paused == spec.enabled {
                if spec.enabled {
                    _ = try await tracker.call { try await client.resumeCronJob(region: options.region, planId: planId) }
                    settled.statusChange = .resumed
                } else {
                    _ = try await tracker.call { try await client.pauseCronJob(region: options.region, planId: planId) }
                    settled.statusChange = .paused
                }
            }
            stored.enabled = spec.enabled
            settled.warnings = PlanDiff.fieldChanges(from: spec, to: stored).map { field in
                "the server stored \(field.field) as '\(field.after ?? "(none)")' (sent '\(field.before ?? "(none)")'); recorded the server's value"
            }
        }
        let appliedAt = now()
        let name = change.name, requestId = tracker.lastRequestId, serverSpec = stored
        try await record {
            $0.plans[name] = PlanRecord(name: name, planId: planId, spec: spec, appliedAt: appliedAt, requestId: requestId, serverSpec: serverSpec)
        }
        return settled
    }

    /// Deletes a plan no longer declared; state forgets it once the server confirms.
    private func delete(_ change: PlanChange, tracker: inout CallTracker) async throws {
        let name = change.name
        if let planId = change.planId {
            do {
                _ = try await tracker.call { try await client.deleteCronJob(region: options.region, planId: planId) }
            } catch let error as JMRError where APIAssumptions.isNotFound(error) {
                // Already gone: nothing left to delete.
            }
        }
        try await record { $0.plans[name] = nil }
    }

    private func lookUp(_ name: String, tracker: inout CallTracker) async throws -> JmrPlanViewModel? {
        try await tracker.call { try await client.findPlan(named: name, region: options.region) }.value
    }

    private func record(_ change: @escaping @Sendable (inout State) -> Void) async throws {
        do {
            try await journal.record(change)
        } catch {
            throw ApplyFailure(stateError: error)
        }
    }
}

/// What settling a plan found.
struct Settled {
    var planId: Int64?
    var statusChange: ApplyResult.StatusChange?
    var warnings: [String] = []
}

/// Why one plan failed; a state error also stops the run.
struct ApplyFailure: Error {
    var message: String
    var stateError: StateError?

    init(_ message: String) {
        self.message = message
    }

    init(stateError: StateError) {
        message = stateError.description
        self.stateError = stateError
    }
}

/// Counts calls and remembers the last requestId for one plan.
struct CallTracker {
    var calls = 0
    var lastRequestId: String?

    mutating func call<Value>(_ body: () async throws -> JMRResponse<Value>) async throws -> JMRResponse<Value> {
        do {
            let response = try await body()
            calls += response.metadata.attempts
            lastRequestId = response.metadata.requestId ?? lastRequestId
            return response
        } catch let error as JMRError {
            calls += max(1, error.attempts)
            lastRequestId = error.requestId ?? lastRequestId
            throw error
        }
    }
}
