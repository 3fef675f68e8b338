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
