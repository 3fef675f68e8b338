import PlanState

/// Chooses the state store from `--state`, `JMR_STATE` or the default file.
enum StateLocation {
    /// True for `postgres://` / `postgresql://` URLs and libpq keyword strings.
    static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
            || location.contains("dbname=") || location.contains("host=")
    }

    /// `--state` (else `JMR_STATE`, else the default file), in `--workspace` (else
    /// `JMR_WORKSPACE`, else `default`) when it is PostgreSQL.
    static func store(_ arguments: ParsedArguments, environment: [String: String]) throws(UsageError) -> any StateStore {
        let location = arguments.value("--state") ?? environment["JMR_STATE"] ?? FileStateStore.defaultPath
        if let explicit = arguments.value("--workspace") {
            return try store(location, workspace: explicit, option: "--state")
        }
        // A workspace set in the environment applies only where the state is PostgreSQL.
        let workspace = environment["JMR_WORKSPACE"].flatMap { $0.isEmpty ? nil : $0 }
        return try store(location, workspace: isPostgres(location) ? workspace : nil, option: "--state")
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
