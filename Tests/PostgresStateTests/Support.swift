import Foundation
import PlanState
import PostgresState

/// A workspace name no other test uses.
func uniqueWorkspace() -> String {
    "test-" + UUID().uuidString.prefix(13).lowercased()
}

/// A schema name no other test uses (dropped again with `dropSchema`).
func uniqueSchema() -> String {
    "jmr_test_" + UUID().uuidString.prefix(8).lowercased()
}

func makeStore(workspace: String = uniqueWorkspace(), schema: String = PostgresStateStore.defaultSchema) throws -> PostgresStateStore {
    try PostgresStateStore(connection: TestServer.url(), workspace: workspace, schema: schema)
}

/// Runs SQL in a short-lived psql session.
@discardableResult
func psql(_ sql: String) throws -> [String] {
    let session = try Psql(url: TestServer.url())
    defer { session.quit() }
    return try session.run(sql)
}

func dropSchema(_ schema: String) {
    _ = try? psql("DROP SCHEMA IF EXISTS \(quoted(schema)) CASCADE;")
}

/// An SQL identifier, quoted.
func quoted(_ identifier: String) -> String {
    "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// A date with whole seconds (state dates are stored as ISO 8601 without fractions).
func date(_ text: String) -> Date {
    try! Date(text, strategy: .iso8601)
}

func holder(_ name: String, pid: Int32 = 4242) -> LockHolder {
    LockHolder(host: "runner-\(name)", pid: pid, user: "ci-\(name)", since: date("2024-05-06T07:08:09Z"), command: "jmr-apply apply --auto-approve")
}

/// SQL that records `holder` in `lock_holders` as a real holder would.
func insertHolderSQL(_ holder: LockHolder, workspace: String, schema: String = PostgresStateStore.defaultSchema) -> String {
    """
    INSERT INTO "\(schema)".lock_holders (workspace, host, pid, "user", since, command)
    VALUES ('\(workspace)', '\(holder.host)', \(holder.pid), '\(holder.user)', to_timestamp(\(Int(holder.since.timeIntervalSince1970))), '\(holder.command)')
    ON CONFLICT (workspace) DO UPDATE SET host = excluded.host, pid = excluded.pid, "user" = excluded."user",
        since = excluded.since, command = excluded.command;
    """
}

/// A state with `count` plans.
func sampleState(plans count: Int, region: String = "cn-north-1") -> State {
    var state = State(region: region, endpoint: "https://jmr.example.test")
    for index in 0..<count {
        let name = "plan-\(index)"
        var record = PlanRecord(name: name, planId: Int64(100_000 + index), appliedAt: date("2024-01-02T03:04:05Z"), requestId: "req-\(index)")
        if index % 7 == 3 {
            record.pendingCreate = PendingCreate(startedAt: date("2024-01-02T03:04:06Z"), specHash: String(repeating: "ab", count: 32))
        }
        state.plans[name] = record
    }
    return state
}
