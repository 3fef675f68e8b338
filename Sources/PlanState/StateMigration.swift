/// Moves state between stores (file <-> PostgreSQL), keeping its lineage.
public enum StateMigration {
    /// Copies the state in `source` to `destination` with both locked, and returns what
    /// was written. The destination must be empty or hold the same lineage (an older copy
    /// of the same state); anything else is refused.
    public static func migrate(
        from source: any StateStore, to destination: any StateStore, lockTimeout: Duration, holder: LockHolder,
        waiting: (String, LockHolder?) -> Void
    ) throws(StateError) -> State {
        guard source.displayName != destination.displayName else {
            throw .refused(store: destination.displayName, detail: "the source and the destination are the same store")
        }
        try source.lock(timeout: lockTimeout, holder: holder) { waiting(source.displayName, $0) }
        do {
            try destination.lock(timeout: lockTimeout, holder: holder) { waiting(destination.displayName, $0) }
        } catch {
            try? source.unlock()
            throw error
        }
        let copied = Result { () throws(StateError) -> State in try copy(from: source, to: destination) }
        // Both locks are released whatever happened; a failed unlock is reported, not swallowed.
        let destinationUnlocked = Result { () throws(StateError) in try destination.unlock() }
        let sourceUnlocked = Result { () throws(StateError) in try source.unlock() }
        let saved = try copied.get()
        try destinationUnlocked.get()
        try sourceUnlocked.get()
        return saved
    }

    private static func copy(from source: any StateStore, to destination: any StateStore) throws(StateError) -> State {
        guard var state = try source.load() else {
            throw .refused(store: source.displayName, detail: "there is no state to migrate")
        }
        let existing = try destination.load()
        if let existing, existing.lineage != state.lineage {
            throw .refused(
                store: destination.displayName,
                detail: "it already holds other state (lineage \(existing.lineage), not \(state.lineage)); migrate to an empty store")
        }
        state.serial = existing?.serial ?? 0
        return try destination.save(state)
    }
}
