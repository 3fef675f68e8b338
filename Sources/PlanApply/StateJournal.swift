import Foundation
import PlanState

/// Persists state after every change, atomically, with group commit: changes that
/// finish while a save is under way are written together by the next save, and each
/// caller returns only once its change is durable.
public actor StateJournal {
    private let store: any StateStore
    private var state: State
    private var version = 0
    private var savedVersion = 0
    private var saving = false
    private var waiters: [(version: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    private var failure: StateError?
    private let queue = DispatchQueue(label: "jmr-apply.state-journal")

    public init(store: any StateStore, state: State) {
        self.store = store
        self.state = state
    }

    /// The state as recorded so far (including changes not yet durable).
    public var current: State { state }

    /// Applies `change` and returns once it is saved.
    public func record(_ change: @Sendable (inout State) -> Void) async throws(StateError) {
        if let failure { throw failure }
        change(&state)
        version += 1
        let mine = version
        do {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append((mine, continuation))
                if !saving {
                    saving = true
                    Task { await self.drain() }
                }
            }
        } catch let error as StateError {
            throw error
        } catch {
            throw .io(store: store.displayName, detail: "\(error)")
        }
    }

    /// Saves until every recorded change is durable.
    private func drain() async {
        while savedVersion < version, failure == nil {
            let snapshot = state
            let target = version
            let store = self.store
            let result: Result<State, StateError> = await withCheckedContinuation { continuation in
                queue.async {
                    do throws(StateError) {
                        continuation.resume(returning: .success(try store.save(snapshot)))
                    } catch {
                        continuation.resume(returning: .failure(error))
                    }
                }
            }
            switch result {
            case .success(let saved):
                state.serial = saved.serial
                savedVersion = target
                resume { $0 <= target }
            case .failure(let error):
                failure = error
            }
        }
        if let failure {
            let pending = waiters
            waiters = []
            for waiter in pending { waiter.continuation.resume(throwing: failure) }
        }
        saving = false
    }

    private func resume(where done: (Int) -> Bool) {
        var remaining: [(version: Int, continuation: CheckedContinuation<Void, any Error>)] = []
        for waiter in waiters {
            if done(waiter.version) { waiter.continuation.resume() } else { remaining.append(waiter) }
        }
        waiters = remaining
    }
}
