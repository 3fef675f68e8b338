import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs blocking work (waiting for a child, polling) on a global dispatch queue, so a
/// test task does not hold a thread of the cooperative pool while it waits.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}

/// Polls `condition` every 50 ms until it holds or `seconds` pass; whether it held.
func poll(seconds: Double, _ condition: @escaping @Sendable () throws -> Bool) async throws -> Bool {
    try await offPool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if try condition() { return true }
            if Date() >= deadline { return false }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}

/// A workspace's row of `jmr_apply.states`, read with psql.
struct StoredState: Sendable {
    var serial: Int
    var lineage: String
    /// The `data` column as text (jsonb's canonical form).
    var data: String

    /// The document's plans by name.
    var plans: [String: [String: Any]] {
        let object = (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any]
        return object?["plans"] as? [String: [String: Any]] ?? [:]
    }
}

/// The recorded lock holder of a workspace, read with psql.
struct StoredHolder: Sendable, Equatable {
    var host: String
    var pid: Int32
    var command: String
}

/// A directory for plans files, a `jmr-sim`, and a fresh workspace in the test
/// PostgreSQL server (scripts/postgres-sandbox, or JMR_TEST_POSTGRES_URL).
final class PostgresRun: @unchecked Sendable {
    static let schema = "jmr_apply"

    let directory: TemporaryDirectory
    let sim: SimulatorProcess
    /// The server's URL, with its password.
    let url: String
    /// A workspace no other test uses.
    let workspace: String

    init(simulatorArguments: [String] = []) throws {
        url = try PostgresSandbox.url()
        directory = try TemporaryDirectory("jmr-apply-e2e-pg")
        sim = try SimulatorProcess(simulatorArguments)
        workspace = Self.uniqueWorkspace()
    }

    static func uniqueWorkspace(_ prefix: String = "e2e") -> String {
        "\(prefix)-\(UUID().uuidString.prefix(13).lowercased())"
    }

    /// `--state URL --workspace NAME` (this run's workspace unless given).
    func state(_ workspace: String? = nil) -> [String] {
        ["--state", url, "--workspace", workspace ?? self.workspace]
    }

    /// How the URL is shown: the password masked.
    var maskedURL: String {
        var components = URLComponents(string: url)!
        if components.password != nil { components.percentEncodedPassword = "****" }
        return components.string!
    }

    @discardableResult
    func writePlans(_ plans: [DeclaredPlan], to name: String = "plans.yaml") throws -> [DeclaredPlan] {
        try directory.write(name, ApplyE2E.yaml(plans))
        return plans
    }

    /// Runs `jmr-apply` to completion (off the cooperative pool) against this simulator.
    func run(_ arguments: [String], environment: [String: String]? = nil) async throws -> ProcessResult {
        let directory = directory.url, environment = environment ?? sim.environment()
        return try await offPool { try Executables.runJMRApply(arguments, in: directory, environment: environment) }
    }

    /// Starts `jmr-apply` in the background against this simulator.
    func launch(_ arguments: [String], environment: [String: String]? = nil) throws -> BackgroundProcess {
        try BackgroundProcess(Executables.jmrApply, arguments, in: directory.url, environment: environment ?? sim.environment())
    }

    /// The file `name` in the directory, parsed as a JSON object.
    func jsonFile(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.url.appendingPathComponent(name))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw PostgresSandboxError("\(name) is not a JSON object")
        }
        return object
    }

    // MARK: - The server's view

    /// The workspace's stored state, or nil when it has none.
    static func storedState(_ workspace: String) throws -> StoredState? {
        guard try tableExists("states") else { return nil }
        let rows = try PostgresSandbox.psql(
            "SELECT serial, lineage, data::text FROM \(schema).states WHERE workspace = \(PostgresSandbox.literal(workspace))")
        guard let row = rows.first else { return nil }
        let columns = row.split(separator: PostgresSandbox.separator, maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard columns.count == 3, let serial = Int(columns[0]) else {
            throw PostgresSandboxError("unexpected states row: \(row)")
        }
        return StoredState(serial: serial, lineage: columns[1], data: columns[2])
    }

    func storedState(_ workspace: String? = nil) async throws -> StoredState? {
        let workspace = workspace ?? self.workspace
        return try await offPool { try Self.storedState(workspace) }
    }

    /// The workspace's recorded lock holder, or nil (no row, or no table yet).
    static func storedHolder(_ workspace: String) throws -> StoredHolder? {
        guard try tableExists("lock_holders") else { return nil }
        let rows = try PostgresSandbox.psql(
            "SELECT host, pid, command FROM \(schema).lock_holders WHERE workspace = \(PostgresSandbox.literal(workspace))")
        guard let row = rows.first else { return nil }
        let columns = row.split(separator: PostgresSandbox.separator, maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard columns.count == 3, let pid = Int32(columns[1]) else {
            throw PostgresSandboxError("unexpected lock_holders row: \(row)")
        }
        return StoredHolder(host: columns[0], pid: pid, command: columns[2])
    }

    func storedHolder(_ workspace: String? = nil) async throws -> StoredHolder? {
        let workspace = workspace ?? self.workspace
        return try await offPool { try Self.storedHolder(workspace) }
    }

    /// Whether the store's schema has `table` yet (it is created on first use).
    static func tableExists(_ table: String) throws -> Bool {
        try PostgresSandbox.psql("SELECT to_regclass('\(schema).\(table)') IS NOT NULL") == ["t"]
    }

    /// The server processes (backends) holding the workspace's advisory lock.
    static func lockHolderBackends(_ workspace: String) throws -> [Int32] {
        let key = UInt64(bitPattern: lockKey(workspace: workspace))
        return try PostgresSandbox.psql(
            """
            SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
            AND classid = \(key >> 32) AND objid = \(key & 0xffff_ffff) AND objsubid = 1
            """
        ).compactMap { Int32($0) }
    }

    /// The store's advisory lock key for (schema, workspace): FNV-1a over a tagged,
    /// NUL-separated string (as Sources/PostgresState/LockKey.swift computes it).
    static func lockKey(workspace: String, schema: String = schema) -> Int64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "jmr-apply\u{0}workspace\u{0}\(schema)\u{0}\(workspace)".utf8 {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: value)
    }

    func finish() {
        sim.stop()
        directory.remove()
    }
}
