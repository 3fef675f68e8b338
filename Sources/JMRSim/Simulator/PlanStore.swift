import Synchronization

/// The simulator's plans behind a lock, persisted to the state file (if any) before each
/// change is committed, so the file never lags behind what clients were told.
final class PlanStore: Sendable {
    private let registry: Mutex<PlanRegistry>
    private let stateFile: StateFile?

    /// Loads the state file when there is one.
    init(stateFile path: String?) throws(SimulatorError) {
        let file = path.map(StateFile.init(path:))
        stateFile = file
        registry = Mutex(try file?.load() ?? PlanRegistry())
    }

    /// Runs a read-only call.
    func read<Value: Sendable>(_ body: (PlanRegistry) throws(APIError) -> Value) throws(APIError) -> Value {
        try registry.withLock { registry throws(APIError) -> Value in try body(registry) }
    }

    /// Runs a call on a copy of the registry; when the copy differs, saves it and commits it.
    /// Returns the call's result and whether anything changed.
    func mutate(_ body: (inout PlanRegistry) throws(APIError) -> JSONValue) throws(APIError) -> (JSONValue, changed: Bool) {
        try registry.withLock { registry throws(APIError) -> (JSONValue, changed: Bool) in
            var copy = registry
            let result = try body(&copy)
            guard copy != registry else { return (result, false) }
            if let stateFile {
                do throws(SimulatorError) {
                    try stateFile.save(copy)
                } catch {
                    throw .internalError("the change was not made: \(error.message)")
                }
            }
            registry = copy
            return (result, true)
        }
    }

    /// Every plan, ordered by planId.
    var allPlans: [SimulatedPlan] {
        registry.withLock { $0.allPlans }
    }

    /// Removes every plan and restarts ids at 1000.
    func reset() throws(SimulatorError) {
        try registry.withLock { registry throws(SimulatorError) in
            let empty = PlanRegistry()
            try stateFile?.save(empty)
            registry = empty
        }
    }

    /// Writes the current plans to the state file (a no-op without one).
    func save() throws(SimulatorError) {
        try registry.withLock { registry throws(SimulatorError) in try stateFile?.save(registry) }
    }
}
