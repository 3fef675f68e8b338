import Foundation
import PlanState
import Synchronization

/// State in PostgreSQL, shared by many runners.
///
/// Each workspace is one row of `<schema>.states` (the state document as `jsonb`, in
/// the same JSON form as the file store) whose `serial` column makes every save a
/// compare-and-swap: a run that lost a race gets `.conflict` and overwrites nothing.
/// The lock is a session-level advisory lock keyed by (schema, workspace), taken and
/// released on the store's one connection; a crashed holder's lock goes with its
/// connection. Who holds it is recorded in `<schema>.lock_holders`.
///
/// The schema and its tables are created on first use. The connection is never
/// silently re-established while the lock is held: losing it loses the lock, which
/// the next save or unlock reports.
public final class PostgresStateStore: StateStore {
    public static let defaultWorkspace = "default"
    public static let defaultSchema = "jmr_apply"

    /// The row of `states` (and of `lock_holders`) this store uses.
    public let workspace: String
    /// The PostgreSQL schema holding the tables.
    public let schema: String
    /// The connection as a URL with the password masked, plus the schema and workspace
    /// when they are not the defaults.
    public let displayName: String
    /// The advisory lock key. In `pg_locks` it shows as `locktype = 'advisory'`,
    /// `classid` = the high 32 bits, `objid` = the low 32 bits, `objsubid = 1`.
    public let lockKey: Int64

    private let connectionInfo: ConnectionInfo
    private let tables: Schema
    private let session = Mutex(Session())

    /// A store for `workspace` in `schema`, reached through `connection`: a
    /// `postgres://user:password@host:port/db?sslmode=...` URL, a libpq keyword string
    /// (`host=... dbname=...`), or "" to take everything from the PG* environment
    /// variables. Nothing is connected until first use.
    ///
    /// - Throws: `.io` when the connection string cannot be parsed, or the workspace or
    ///   schema name is unusable.
    public init(connection: String, workspace: String = defaultWorkspace, schema: String = defaultSchema) throws(StateError) {
        let info: ConnectionInfo
        do {
            info = try ConnectionInfo(connection)
        } catch {
            throw .io(store: "postgres", detail: "invalid connection string: \(error.message)")
        }
        var name = info.displayURL
        if schema != Self.defaultSchema {
            name += " (schema \(schema), workspace \(workspace))"
        } else if workspace != Self.defaultWorkspace {
            name += " (workspace \(workspace))"
        }
        guard !workspace.isEmpty, !workspace.contains("\u{0}") else {
            throw .io(store: name, detail: "the workspace name must be non-empty text without NUL characters")
        }
        guard !schema.isEmpty, !schema.contains("\u{0}"), schema.utf8.count <= 63 else {
            throw .io(store: name, detail: "the schema name must be 1 to 63 bytes without NUL characters")
        }
        self.workspace = workspace
        self.schema = schema
        connectionInfo = info
        tables = Schema(schema)
        displayName = name
        lockKey = LockKey.workspace(schema: schema, workspace: workspace)
    }

    /// `text` with the connection's password masked as `****`: for anything that may
    /// echo the connection string, such as a command line recorded as the lock holder.
    public func masked(_ text: String) -> String {
        connectionInfo.redact(text)
    }

    deinit {
        // Best effort: closing the connection releases the lock anyway.
        try? unlock()
    }

    // MARK: - StateStore

    /// The workspace's state, or nil when none was saved yet.
    public func load() throws(StateError) -> State? {
        try session.withLock { session throws(StateError) -> State? in
            let connection = try connected(session)
            let result = try run(session, "cannot read the state") { () throws(PostgresFailure) in
                try connection.execute(tables.selectState, [workspace])
            }
            guard result.rowCount > 0, let data = result.data(0, 2) else { return nil }
            let state = try StateCoding.decode(data, store: displayName, backup: nil)
            let serial = result.string(0, 0).flatMap { Int($0) }
            guard serial == state.serial, result.string(0, 1) == state.lineage else {
                throw .corrupt(
                    store: displayName,
                    detail: "the serial and lineage columns (\(serial.map(String.init) ?? "?"), \(result.string(0, 1) ?? "?")) do not match the document (\(state.serial), \(state.lineage))",
                    backup: nil)
            }
            return state
        }
    }

    /// Writes `state` with serial + 1 if the stored serial is still `state.serial` (a
    /// first write, serial 0, only if the workspace has no state); otherwise throws
    /// `.conflict` with the serial found, and writes nothing.
    public func save(_ state: State) throws(StateError) -> State {
        var next = state
        next.serial += 1
        let document: String
        do {
            document = String(decoding: try StateCoding.encode(next), as: UTF8.self)
        } catch {
            throw .io(store: displayName, detail: "cannot be encoded: \(error)")
        }
        return try session.withLock { session throws(StateError) -> State in
            let connection = try connected(session)
            let written = try run(session, "cannot write the state") { () throws(PostgresFailure) -> Int in
                if state.serial == 0 {
                    return try connection.execute(
                        tables.insertState, [workspace, next.lineage, String(next.serial), document]
                    ).affectedRows
                }
                return try connection.execute(
                    tables.updateState, [workspace, String(state.serial), String(next.serial), next.lineage, document]
                ).affectedRows
            }
            guard written == 1 else {
                let found = try run(session, "cannot read the stored serial") { () throws(PostgresFailure) in
                    try connection.execute(tables.selectSerial, [workspace])
                }
                throw .conflict(store: displayName, expectedSerial: state.serial, foundSerial: found.string(0, 0).flatMap { Int($0) })
            }
            return next
        }
    }

    /// Takes the workspace's advisory lock, polling every 150 ms up to `timeout`, then
    /// records `holder` in `lock_holders`. `waiting` gets the recorded holder on the
    /// first failed attempt and whenever it changes. Locking again while held does nothing.
    public func lock(timeout: Duration, holder: LockHolder, waiting: (LockHolder?) -> Void) throws(StateError) {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var reported = false
        var lastReported: LockHolder?
        while true {
            // The mutex is released between attempts, so `waiting` may use the store.
            let attempt = try session.withLock { session throws(StateError) -> LockAttempt in
                try tryLock(session, holder: holder)
            }
            guard case .busy(let current) = attempt else { return }
            if !reported || current != lastReported {
                waiting(current)
                reported = true
                lastReported = current
            }
            let now = clock.now
            if now >= deadline {
                throw .lockTimeout(store: displayName, waited: timeout, holder: current)
            }
            let pause = min(Duration.milliseconds(150), deadline - now)
            Thread.sleep(forTimeInterval: Double(pause.components.seconds) + Double(pause.components.attoseconds) * 1e-18)
        }
    }

    /// Clears the holder row and releases the lock, checking that the server really
    /// released it. Throws (once) when the lock was lost with the connection.
    public func unlock() throws(StateError) {
        try session.withLock { session throws(StateError) in
            switch session.lock {
            case .unlocked:
                return
            case .lost(let detail):
                session.lock = .unlocked
                throw lostLock(detail)
            case .held:
                break
            }
            guard let connection = session.connection, !connection.isBroken else {
                session.lock = .unlocked
                throw lostLock("the connection is closed")
            }
            var deleteFailure: StateError?
            do throws(PostgresFailure) {
                try connection.execute(tables.deleteHolder, [workspace])
            } catch {
                deleteFailure = failure(session, "cannot clear the lock holder", error)
                if case .lost(let detail) = session.lock {
                    session.lock = .unlocked
                    throw lostLock(detail)
                }
            }
            let result = try run(session, "cannot release the lock") { () throws(PostgresFailure) in
                try connection.execute("SELECT pg_advisory_unlock($1::bigint)", [String(lockKey)])
            }
            session.lock = .unlocked
            guard result.string(0, 0) == "t" else {
                throw .io(
                    store: displayName,
                    detail: "the server says this session did not hold the lock (pg_advisory_unlock returned false): it was lost while the run held it, so another run may have changed the state")
            }
            if let deleteFailure { throw deleteFailure }
        }
    }

    // MARK: - Steps (called with the session mutex held)

    private enum LockAttempt: Sendable {
        case acquired
        case busy(LockHolder?)
    }

    private func tryLock(_ session: Session, holder: LockHolder) throws(StateError) -> LockAttempt {
        switch session.lock {
        case .held: return .acquired
        case .lost: session.lock = .unlocked
        case .unlocked: break
        }
        let connection = try connected(session)
        let key = String(lockKey)
        let result = try run(session, "cannot take the lock") { () throws(PostgresFailure) in
            try connection.execute("SELECT pg_try_advisory_lock($1::bigint)", [key])
        }
        guard result.string(0, 0) == "t" else {
            let row = try run(session, "cannot read the lock holder") { () throws(PostgresFailure) in
                try connection.execute(tables.selectHolder, [workspace])
            }
            return .busy(Self.holder(in: row))
        }
        session.lock = .held
        do throws(PostgresFailure) {
            try connection.execute(tables.upsertHolder, [
                workspace, holder.host, String(holder.pid), holder.user,
                String(holder.since.timeIntervalSince1970), holder.command,
            ])
        } catch {
            let failure = failure(session, "cannot record the lock holder", error)
            if case .held = session.lock {
                _ = try? connection.execute("SELECT pg_advisory_unlock($1::bigint)", [key])
            }
            session.lock = .unlocked
            throw failure
        }
        return .acquired
    }

    private static func holder(in result: QueryResult) -> LockHolder? {
        guard result.rowCount > 0,
            let host = result.string(0, 0), let pid = result.string(0, 1).flatMap({ Int32($0) }),
            let user = result.string(0, 2), let since = result.string(0, 3).flatMap({ Double($0) }),
            let command = result.string(0, 4)
        else { return nil }
        return LockHolder(host: host, pid: pid, user: user, since: Date(timeIntervalSince1970: since), command: command)
    }

    /// The session's connection: reconnected if needed while no lock is held; an error
    /// once the lock is lost. Creates the schema on first use.
    private func connected(_ session: Session) throws(StateError) -> Connection {
        let connection: Connection
        switch session.lock {
        case .lost(let detail):
            throw lostLock(detail)
        case .held:
            guard let current = session.connection, !current.isBroken else {
                session.lock = .lost("the connection is closed")
                throw lostLock("the connection is closed")
            }
            connection = current
        case .unlocked:
            if let current = session.connection, !current.isBroken {
                connection = current
            } else {
                session.connection = nil
                do {
                    connection = try Connection(conninfo: connectionInfo.conninfo)
                } catch {
                    throw .io(store: displayName, detail: "cannot connect: \(connectionInfo.redact(error.message))")
                }
                session.connection = connection
            }
        }
        if !session.schemaReady {
            try prepareSchema(session, connection)
            session.schemaReady = true
        }
        return connection
    }

    /// Creates or migrates the schema, serialised across processes by a transaction-level
    /// advisory lock; skipped when the schema is already current (no DDL rights needed).
    private func prepareSchema(_ session: Session, _ connection: Connection) throws(StateError) {
        let detail = "cannot prepare schema \(schema)"
        let exists = try run(session, detail) { () throws(PostgresFailure) in
            try connection.execute(Schema.versionTableExists, [tables.versionTable])
        }
        if exists.string(0, 0) == "t" {
            let version = try run(session, detail) { () throws(PostgresFailure) in
                try connection.execute(tables.selectVersion)
            }
            if try checkVersion(version) == Schema.currentVersion { return }
        }
        do {
            try connection.execute("BEGIN")
            try connection.execute("SELECT pg_advisory_xact_lock($1::bigint)", [String(LockKey.schemaSetup(schema: schema))])
            try connection.execute(tables.createSchema)
            try connection.execute(tables.createVersionTable)
            let current = try checkVersion(try connection.execute(tables.selectVersion))
            for statement in tables.migrations(from: current) {
                try connection.execute(statement)
            }
            try connection.execute("COMMIT")
        } catch let error as PostgresFailure {
            _ = try? connection.execute("ROLLBACK")
            throw failure(session, detail, error)
        } catch let error as StateError {
            _ = try? connection.execute("ROLLBACK")
            throw error
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw .io(store: displayName, detail: "\(detail): \(error)")
        }
    }

    private func checkVersion(_ result: QueryResult) throws(StateError) -> Int {
        let version = result.string(0, 0).flatMap { Int($0) } ?? 0
        guard version <= Schema.currentVersion else {
            throw .io(
                store: displayName,
                detail: "schema \(schema) has layout version \(version); this jmr-apply knows version \(Schema.currentVersion). Upgrade jmr-apply")
        }
        return version
    }

    /// Runs `body`, turning a failure into a `StateError` with the password masked.
    private func run<T>(_ session: Session, _ what: String, _ body: () throws(PostgresFailure) -> T) throws(StateError) -> T {
        do {
            return try body()
        } catch {
            throw failure(session, what, error)
        }
    }

    /// The error for `error`; when it shows the connection died under a held lock, the
    /// lock is marked lost and the error says so.
    private func failure(_ session: Session, _ what: String, _ error: PostgresFailure) -> StateError {
        let message = connectionInfo.redact(error.message)
        if case .held = session.lock, session.connection?.isBroken ?? true {
            session.lock = .lost(message)
            return lostLock(message)
        }
        return .io(store: displayName, detail: "\(what): \(message)")
    }

    private func lostLock(_ detail: String) -> StateError {
        .io(
            store: displayName,
            detail: "lost the connection to the server while holding the lock (\(detail)); the server released the lock with it, so another run may have changed the state. Run again to plan against the current state")
    }
}

/// The store's connection and what it holds; only touched under the store's mutex.
final class Session {
    var connection: Connection?
    var schemaReady = false
    var lock = LockState.unlocked
}

enum LockState {
    case unlocked
    case held
    /// The connection died while the lock was held (libpq's message, masked).
    case lost(String)
}
