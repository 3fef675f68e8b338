import PlanState

/// Chooses the state store from `--state`, `JMR_STATE` or the default file.
enum StateLocation {
    /// True for `postgres://` / `postgresql://` URLs and libpq keyword strings.
    static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
            || location.contains("dbname=") || location.contains("host=")
    }

    static func store(_ arguments: ParsedArguments, environment: [String: String]) throws(UsageError) -> any StateStore {
        let location = arguments.value("--state") ?? environment["JMR_STATE"] ?? FileStateStore.defaultPath
        guard !location.isEmpty else { throw UsageError("--state must not be empty") }
        let workspace = arguments.value("--workspace")
        if isPostgres(location) {
            return try postgresStore(location, workspace: workspace ?? "default")
        }
        if workspace != nil {
            throw UsageError("--workspace applies only to a PostgreSQL state (--state postgres://...)")
        }
        return FileStateStore(path: location)
    }
}
