import Synchronization

/// A state store in memory, for tests and dry runs. Enforces the same serial
/// compare-and-swap as the real stores.
public final class InMemoryStateStore: StateStore {
    private let stored: Mutex<State?>
    private let locked = Mutex(false)

    public init(_ state: State? = nil) {
        stored = Mutex(state)
    }

    public var displayName: String { "(memory)" }

    /// The state as last saved.
    public var state: State? { stored.withLock { $0 } }

    public func load() throws(StateError) -> State? { stored.withLock { $0 } }

    public func lock(timeout: Duration, holder: LockHolder, waiting: (LockHolder?) -> Void) throws(StateError) {
        let acquired = locked.withLock { held in
            if held { return false }
            held = true
            return true
        }
        if !acquired { throw .lockTimeout(store: displayName, waited: timeout, holder: nil) }
    }

    public func save(_ state: State) throws(StateError) -> State {
        let result: Result<State, StateError> = stored.withLock { current in
            let found = current?.serial
            guard found == state.serial || (current == nil && state.serial == 0) else {
                return .failure(.conflict(store: "(memory)", expectedSerial: state.serial, foundSerial: found))
            }
            var next = state
            next.serial += 1
            current = next
            return .success(next)
        }
        return try result.get()
    }

    public func unlock() throws(StateError) {
        locked.withLock { $0 = false }
    }
}
