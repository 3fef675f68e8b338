/// The store's tables, qualified with its schema, and the statements that use them.
///
/// Identifiers are quoted here (the connection is always UTF-8); every value travels
/// as a `$n` parameter.
struct Schema: Sendable {
    /// The layout this version creates and reads. Later versions migrate upward.
    static let currentVersion = 1

    let name: String
    let quoted: String

    init(_ name: String) {
        self.name = name
        quoted = Self.quote(name)
    }

    static func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    var versionTable: String { "\(quoted).schema_version" }
    var statesTable: String { "\(quoted).states" }
    var holdersTable: String { "\(quoted).lock_holders" }

    /// Creates whatever is missing, from version `from` (0: nothing) to the current one.
    func migrations(from version: Int) -> [String] {
        var statements: [String] = []
        if version < 1 {
            statements += [
                """
                CREATE TABLE IF NOT EXISTS \(statesTable) (
                    workspace text PRIMARY KEY,
                    lineage text NOT NULL,
                    serial bigint NOT NULL,
                    data jsonb NOT NULL,
                    updated_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                """
                CREATE TABLE IF NOT EXISTS \(holdersTable) (
                    workspace text PRIMARY KEY,
                    host text NOT NULL,
                    pid integer NOT NULL,
                    "user" text NOT NULL,
                    since timestamptz NOT NULL,
                    command text NOT NULL
                )
                """,
                "INSERT INTO \(versionTable) (version) VALUES (1) ON CONFLICT DO NOTHING",
            ]
        }
        return statements
    }

    var createSchema: String { "CREATE SCHEMA IF NOT EXISTS \(quoted)" }
    var createVersionTable: String {
        """
        CREATE TABLE IF NOT EXISTS \(versionTable) (
            version integer PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """
    }
    /// `$1`: the version table's qualified name, as text.
    static let versionTableExists = "SELECT to_regclass($1) IS NOT NULL"
    var selectVersion: String { "SELECT coalesce(max(version), 0) FROM \(versionTable)" }

    var selectState: String { "SELECT serial, lineage, data::text FROM \(statesTable) WHERE workspace = $1" }
    var selectSerial: String { "SELECT serial FROM \(statesTable) WHERE workspace = $1" }
    /// First write: fails (0 rows) when the workspace has state already.
    var insertState: String {
        """
        INSERT INTO \(statesTable) (workspace, lineage, serial, data, updated_at)
        VALUES ($1, $2, $3, $4::jsonb, now())
        ON CONFLICT (workspace) DO NOTHING
        """
    }
    /// Compare-and-swap: 0 rows when the stored serial is not `$2`.
    var updateState: String {
        """
        UPDATE \(statesTable) SET serial = $3, lineage = $4, data = $5::jsonb, updated_at = now()
        WHERE workspace = $1 AND serial = $2
        """
    }

    var selectHolder: String {
        """
        SELECT host, pid, "user", extract(epoch FROM since)::float8, command
        FROM \(holdersTable) WHERE workspace = $1
        """
    }
    var upsertHolder: String {
        """
        INSERT INTO \(holdersTable) (workspace, host, pid, "user", since, command)
        VALUES ($1, $2, $3, $4, to_timestamp($5::float8), $6)
        ON CONFLICT (workspace) DO UPDATE SET host = excluded.host, pid = excluded.pid,
            "user" = excluded."user", since = excluded.since, command = excluded.command
        """
    }
    var deleteHolder: String { "DELETE FROM \(holdersTable) WHERE workspace = $1" }
}
