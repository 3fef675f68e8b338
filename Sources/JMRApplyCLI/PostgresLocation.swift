import PlanState

/// The PostgreSQL store, once its module is merged.
func postgresStore(_ location: String, workspace: String) throws(UsageError) -> any StateStore {
    throw UsageError("PostgreSQL state is not available in this build yet")
}
