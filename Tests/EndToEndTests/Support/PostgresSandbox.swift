import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL server the end-to-end tests use: `JMR_TEST_POSTGRES_URL` when set,
/// otherwise a sandbox (scripts/postgres-sandbox) started on first use and stopped when
/// the test process exits (the sandbox's watcher also stops it if the process dies).
///
/// The same arrangement as Tests/PostgresStateTests/TestServer.swift, which lives in
/// another test target; this one reuses the script rather than repeating it.
enum PostgresSandbox {
    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var script: String { repositoryRoot.appendingPathComponent("scripts/postgres-sandbox").path }

    /// The server's URL (`postgres://user:password@127.0.0.1:port/db`).
    static func url() throws -> String {
        try shared.get()
    }

    /// The URL with its password replaced.
    static func url(password: String) throws -> String {
        var components = URLComponents(string: try url())!
        components.percentEncodedPassword = password
        return components.string!
    }

    /// The server's password (the URL's, decoded).
    static func password() throws -> String {
        URLComponents(string: try url())?.password ?? ""
    }

    private static let shared: Result<String, PostgresSandboxError> = start()
    nonisolated(unsafe) private static var sandboxDirectory: String?

    private static func start() -> Result<String, PostgresSandboxError> {
        if let url = ProcessInfo.processInfo.environment["JMR_TEST_POSTGRES_URL"], !url.isEmpty {
            return .success(url)
        }
        // /tmp rather than TMPDIR: the server may run as the postgres user, who must reach it.
        let directory = "/tmp/jmr-apply-e2e-pg-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
        let result: ProcessResult
        do {
            result = try Executables.run(
                script, ["start", directory, "--owner-pid", String(getpid())],
                in: repositoryRoot, environment: ProcessInfo.processInfo.environment)
        } catch {
            return .failure(PostgresSandboxError("cannot start the test PostgreSQL server: \(error)"))
        }
        let url = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        guard result.status == 0, url.hasPrefix("postgres://") else {
            _ = try? Executables.run(script, ["stop", directory], in: repositoryRoot, environment: ProcessInfo.processInfo.environment)
            return .failure(PostgresSandboxError("cannot start the test PostgreSQL server: \(result.stderr)"))
        }
        sandboxDirectory = directory
        atexit {
            guard let directory = PostgresSandbox.sandboxDirectory else { return }
            _ = try? Executables.run(
                PostgresSandbox.script, ["stop", directory],
                in: PostgresSandbox.repositoryRoot, environment: ProcessInfo.processInfo.environment)
        }
        return .success(url)
    }

    /// The column separator in `psql`'s output (ASCII unit separator).
    static let separator: Character = "\u{1F}"

    /// Runs `sql` with psql as another client and returns its unaligned, tuples-only
    /// output lines (columns separated by `separator`).
    static func psql(_ sql: String) throws -> [String] {
        let result = try Executables.run(
            psqlExecutable, ["-X", "-q", "-A", "-t", "-F", String(separator), "-v", "ON_ERROR_STOP=1", "-d", try url(), "-c", sql],
            in: repositoryRoot, environment: Executables.cleanEnvironment())
        guard result.status == 0 else {
            throw PostgresSandboxError("psql failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// An SQL string literal.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// The newest server package's psql (Debian's /usr/bin/psql is a wrapper script).
    static let psqlExecutable: String = {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        if let newest = versions.compactMap({ Int($0) }).sorted().last,
            FileManager.default.isExecutableFile(atPath: "\(root)/\(newest)/bin/psql")
        {
            return "\(root)/\(newest)/bin/psql"
        }
        return "/usr/bin/psql"
    }()
}

struct PostgresSandboxError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
