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
        return try store(location, workspace: arguments.value("--workspace"), option: "--state")
    }

    /// The store at `location` (a path or a PostgreSQL URL / keyword string).
    static func store(_ location: String, workspace: String?, option: String) throws(UsageError) -> any StateStore {
        guard !location.isEmpty else { throw UsageError("\(option) must not be empty") }
        if isPostgres(location) {
            return try postgresStore(location, workspace: workspace ?? "default")
        }
        if workspace != nil, option == "--state" {
            throw UsageError("--workspace applies only to a PostgreSQL state (--state postgres://...)")
        }
        return FileStateStore(path: location)
    }
}
