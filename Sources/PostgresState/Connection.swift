import CPostgres
import Foundation

/// A failure reported by libpq or the server. `message` is libpq's text, unredacted:
/// callers pass it through `ConnectionInfo.redact` before it reaches any output.
struct PostgresFailure: Error {
    var message: String
    /// The SQLSTATE code, when the server sent one.
    var sqlState: String?
}

/// One libpq connection (`PGconn`), closed when the object goes away.
///
/// Not thread-safe: the store keeps it behind a mutex.
final class Connection {
    private let handle: OpaquePointer

    /// Connects with `conninfo` (a URL or keyword string; PG* variables fill the gaps).
    init(conninfo: String) throws(PostgresFailure) {
        let environment = ProcessInfo.processInfo.environment
        var options: [(String, String)] = []
        // Defaults that the connection string (expanded from `dbname`) overrides.
        if environment["PGCONNECT_TIMEOUT"] == nil { options.append(("connect_timeout", "10")) }
        options.append(("fallback_application_name", "jmr-apply"))
        options.append(("dbname", conninfo))
        // Swift strings are UTF-8; identifier quoting relies on it.
        options.append(("client_encoding", "UTF8"))

        let keywords = options.map { strdup($0.0) }
        let values = options.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
        let valuePointers = values.map { UnsafePointer($0) } + [nil]
        guard let connection = PQconnectdbParams(keywordPointers, valuePointers, 1) else {
            throw PostgresFailure(message: "out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.text(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresFailure(message: message)
        }
        handle = connection
        // Keep server notices (e.g. "schema already exists, skipping") off stderr.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit {
        PQfinish(handle)
    }

    /// True once libpq knows the connection is gone (the server's session, and so any
    /// session-level lock, is gone with it).
    var isBroken: Bool { PQstatus(handle) != CONNECTION_OK }

    /// Runs one statement with `$1...` parameters sent separately from the SQL text.
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresFailure) -> QueryResult {
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) }
        let result = pointers.withUnsafeBufferPointer { buffer in
            PQexecParams(handle, sql, Int32(buffer.count), nil, buffer.baseAddress, nil, nil, 0)
        }
        guard let result else {
            throw PostgresFailure(message: Self.text(PQerrorMessage(handle)))
        }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            var message = Self.text(PQresultErrorMessage(result))
            if message.isEmpty { message = Self.text(PQerrorMessage(handle)) }
            let code = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            PQclear(result)
            throw PostgresFailure(message: message, sqlState: code)
        }
        return QueryResult(result)
    }

    /// libpq's text, trimmed (libpq ends messages with a newline).
    static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The rows of a query (`PGresult`), freed when the object goes away. Values are in
/// text format.
final class QueryResult {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        PQclear(handle)
    }

    var rowCount: Int { Int(PQntuples(handle)) }

    /// Rows inserted, updated or deleted by the statement.
    var affectedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    /// The value at (`row`, `column`), or nil for SQL NULL (or no such row).
    func string(_ row: Int, _ column: Int) -> String? {
        guard row < rowCount, column < Int(PQnfields(handle)) else { return nil }
        guard PQgetisnull(handle, Int32(row), Int32(column)) == 0 else { return nil }
        return String(cString: PQgetvalue(handle, Int32(row), Int32(column)))
    }

    /// The bytes of the value at (`row`, `column`), or nil for SQL NULL.
    func data(_ row: Int, _ column: Int) -> Data? {
        guard row < rowCount, column < Int(PQnfields(handle)) else { return nil }
        guard PQgetisnull(handle, Int32(row), Int32(column)) == 0 else { return nil }
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        guard let bytes = PQgetvalue(handle, Int32(row), Int32(column)) else { return nil }
        return Data(bytes: bytes, count: length)
    }
}
