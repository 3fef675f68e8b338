import JMRAPI
import PlanDiff

/// What happened to one plan during apply.
public struct ApplyResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Created; `planId` found by name afterwards.
        case created
        /// Updated in place (create-or-update with the recorded planId).
        case updated
        /// Found on the server by name (an earlier run's create, or a taken name) and
        /// recorded; `updated` tells whether it then had to be updated to match.
        case adopted(updated: Bool)
        /// Not applied; see `error`.
        case failed
        /// Deleted from the server (`--prune`) and forgotten by state.
        case deleted
        /// Only paused or resumed (`enabled` changed and nothing else).
        case statusChanged
        /// Not attempted because an earlier change failed and `--fail-fast` was set.
        case skipped
    }

    /// A pause or resume made to match `enabled`.
    public enum StatusChange: String, Sendable, Equatable {
        case paused, resumed
    }

    public var name: String
    public var action: ChangeAction
    public var outcome: Outcome
    public var planId: Int64?
    /// The requestId of the call that settled it (or failed).
    public var requestId: String?
    /// Wall time spent on this plan.
    public var elapsedMilliseconds: Int64
    /// API calls made for this plan (attempts included).
    public var calls: Int
    /// Why it failed.
    public var error: String?
    /// Pause or resume made after the change, if any.
    public var statusChange: StatusChange? = nil
    /// Read-back findings: fields the server stored differently from what was sent.
    public var warnings: [String] = []

    public var succeeded: Bool {
        switch outcome {
        case .created, .updated, .adopted, .deleted, .statusChanged: true
        case .failed, .skipped: false
        }
    }
}

/// Everything one apply did.
public struct ApplyReport: Sendable {
    /// One result per create or update attempted, in completion order.
    public var results: [ApplyResult]
    /// Plans that needed nothing.
    public var unchanged: Int
    /// Plans in state that are no longer declared (deleted only with prune).
    public var notDeclared: Int
    /// A state write that failed: the run stopped there.
    public var stateError: String?

    public init(results: [ApplyResult], unchanged: Int, notDeclared: Int, stateError: String?) {
        self.results = results
        self.unchanged = unchanged
        self.notDeclared = notDeclared
        self.stateError = stateError
    }

    public var failures: [ApplyResult] { results.filter { !$0.succeeded } }
    public var succeeded: Bool { stateError == nil && failures.isEmpty }
    /// Total API calls, attempts included.
    public var calls: Int { results.reduce(0) { $0 + $1.calls } }
}
