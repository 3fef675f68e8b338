import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL server the tests use: `JMR_TEST_POSTGRES_URL` when set, otherwise a
/// sandbox (scripts/postgres-sandbox) started on first use and stopped when the test
/// process exits (its watcher also stops it if the process dies).
enum TestServer {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The server's URL (`postgres://user:password@127.0.0.1:port/db`).
    static func url() throws -> String {
        try shared.get()
    }

    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static let shared: Result<String, Failure> = start()
    nonisolated(unsafe) private static var sandboxDirectory: String?

    private static func start() -> Result<String, Failure> {
        if let url = ProcessInfo.processInfo.environment["JMR_TEST_POSTGRES_URL"], !url.isEmpty {
            return .success(url)
        }
        // /tmp rather than TMPDIR: the server runs as the postgres user, who must reach it.
        let directory = "/tmp/jmr-apply-pg-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
        let script = repositoryRoot.appendingPathComponent("scripts/postgres-sandbox").path
        let result: (status: Int32, output: String)
        do {
            result = try Subprocess.run(script, ["start", directory, "--owner-pid", String(getpid())])
        } catch {
            return .failure(Failure(description: "cannot start the test PostgreSQL server: \(error)"))
        }
        let lines = result.output.split(separator: "\n").map(String.init)
        guard result.status == 0, let url = lines.last, url.hasPrefix("postgres://") else {
            _ = try? Subprocess.run(script, ["stop", directory])
            return .failure(Failure(description: "cannot start the test PostgreSQL server: \(result.output)"))
        }
        sandboxDirectory = directory
        atexit {
            guard let directory = TestServer.sandboxDirectory else { return }
            let script = TestServer.repositoryRoot.appendingPathComponent("scripts/postgres-sandbox").path
            _ = try? Subprocess.run(script, ["stop", directory])
        }
        return .success(url)
    }

    /// The URL with its port replaced (to reach nothing) or its password replaced.
    static func url(port: Int? = nil, password: String? = nil) throws -> String {
        var components = URLComponents(string: try url())!
        if let port { components.port = port }
        if let password { components.percentEncodedPassword = password }
        return components.string!
    }
}
