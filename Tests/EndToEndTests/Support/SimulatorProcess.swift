import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `jmr-sim` process on 127.0.0.1 with a free port, for end-to-end tests.
final class SimulatorProcess: @unchecked Sendable {
    static let accessKey = "AKIDE2ETEST0001"
    static let secretKey = "e2e/secret+Key==0001"

    let process = Process()
    let url: String
    private let stderrPipe = Pipe()

    /// Starts `jmr-sim --port 0` with the test keys plus `extraArguments`, and waits for its URL.
    init(_ extraArguments: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: Executables.jmrSim)
        process.arguments = ["--port", "0", "--quiet", "--access-key", Self.accessKey, "--secret-key", Self.secretKey] + extraArguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = stderrPipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The first stdout line is "jmr-sim listening on http://127.0.0.1:PORT".
        var line = Data()
        let handle = out.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let found = text.split(whereSeparator: \.isWhitespace).first(where: { $0.hasPrefix("http://") }) else {
            process.terminate()
            throw SimulatorError("jmr-sim did not print its URL; got: \(text)")
        }
        url = String(found)
    }

    deinit { stop() }

    /// Environment for jmr-apply pointing at this simulator with its keys.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        Executables.cleanEnvironment([
            "JDCLOUD_ACCESS_KEY": Self.accessKey, "JDCLOUD_SECRET_KEY": Self.secretKey, "JMR_ENDPOINT": url,
        ].merging(extra) { $1 })
    }

    /// `GET /__sim/plans`: every plan the simulator holds.
    func plans() throws -> [[String: Any]] {
        let object = try getJSON("/__sim/plans")
        return (object["plans"] as? [[String: Any]]) ?? []
    }

    /// `GET /__sim/stats`.
    func stats() throws -> [String: Any] {
        try getJSON("/__sim/stats")
    }

    func getJSON(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(string: url + path)!)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw SimulatorError("\(path) did not return a JSON object")
        }
        return object
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

struct SimulatorError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
