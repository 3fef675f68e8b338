import PlanState
import PostgresState

/// The shared PostgreSQL store for `--state postgres://...` (or a libpq keyword string).
/// Nothing connects until the store is first used.
func postgresStore(_ location: String, workspace: String) throws(UsageError) -> any StateStore {
    do {
        return try PostgresStateStore(connection: location, workspace: workspace)
    } catch {
        throw UsageError(error.description)
    }
}

/// `text` with the password of `store`'s connection masked when it is a PostgreSQL
/// store (a `--state postgres://user:password@...` argument, in a command line).
func maskingSecrets(_ text: String, of store: any StateStore) -> String {
    (store as? PostgresStateStore)?.masked(text) ?? text
}
