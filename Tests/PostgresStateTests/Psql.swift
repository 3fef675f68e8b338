import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A separate `psql` process with one open session, fed statements on its standard
/// input: another client of the server, as another runner would be.
final class Psql {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let process: Subprocess
    private var buffer = Data()

    init(url: String) throws {
        process = try Subprocess(
            Self.executable, ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url], pipeInput: true)
    }

    var pid: Int32 { process.pid }

    /// Sends `sql` (with its semicolons) and returns its output lines once psql has run it.
    @discardableResult
    func run(_ sql: String) throws -> [String] {
        let marker = "jmr-done-\(UUID().uuidString)"
        process.write("\(sql)\n\\echo \(marker)\n")
        while true {
            if let range = buffer.range(of: Data((marker + "\n").utf8)) {
                let text = String(decoding: buffer[buffer.startIndex..<range.lowerBound], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex..<range.upperBound)
                return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            }
            guard let chunk = process.read() else {
                throw Failure(description: "psql ended: \(String(decoding: buffer, as: UTF8.self))")
            }
            buffer.append(chunk)
        }
    }

    /// Kills psql with SIGKILL: no goodbye to the server, which only sees the socket close.
    func killHard() {
        kill(process.pid, SIGKILL)
        process.wait()
    }

    /// Ends the session normally.
    func quit() {
        process.closeInput()
        process.wait()
    }

    /// The newest server package's psql (Debian's /usr/bin/psql is a wrapper script).
    static let executable: String = {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        let newest = versions.compactMap { Int($0) }.sorted().last
        if let newest, FileManager.default.isExecutableFile(atPath: "\(root)/\(newest)/bin/psql") {
            return "\(root)/\(newest)/bin/psql"
        }
        return "/usr/bin/psql"
    }()
}
