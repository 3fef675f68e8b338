import Foundation

/// The outcome of running one of the built executables.
struct ProcessResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the package's built executables (`jmr-apply`, `jmr-sim`), which sit beside
/// the test bundle in the build directory.
enum Executables {
    /// The build products directory (e.g. `.build/debug`).
    static let productsDirectory: URL = {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = exe.deletingLastPathComponent()
        // On Linux the test runner is `<products>/<name>.xctest` (a file) or runs from inside it.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("jmr-apply").path),
            directory.path != "/"
        {
            directory = directory.deletingLastPathComponent()
        }
        return directory
    }()

    static var jmrApply: String { productsDirectory.appendingPathComponent("jmr-apply").path }
    static var jmrSim: String { productsDirectory.appendingPathComponent("jmr-sim").path }

    /// An environment with no credentials or state settings from the caller's shell.
    static func cleanEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in
            !key.hasPrefix("JDCLOUD_") && !key.hasPrefix("JMR_") && key != "JDC_PROFILE" && key != "GITHUB_STEP_SUMMARY"
        }
        environment["NO_COLOR"] = "1"
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Runs `jmr-apply` with `arguments` in `directory` and waits for it.
    static func runJMRApply(_ arguments: [String], in directory: URL, environment: [String: String] = cleanEnvironment()) throws -> ProcessResult {
        try run(jmrApply, arguments, in: directory, environment: environment)
    }

    /// Starts `jmr-apply` without waiting for it (for tests that kill it mid-run);
    /// its output is discarded.
    static func launchJMRApply(_ arguments: [String], in directory: URL, environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: jmrApply)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `executable` and collects its output (read concurrently, so large output cannot block).
    static func run(_ executable: String, _ arguments: [String], in directory: URL, environment: [String: String]) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let collected = OutputCollector()
        let group = DispatchGroup()
        for (pipe, isError) in [(out, false), (err, true)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isError: isError)
                group.leave()
            }
        }
        process.waitUntilExit()
        group.wait()
        return ProcessResult(status: process.terminationStatus, stdout: collected.stdout, stderr: collected.stderr)
    }
}

private final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = Data()

    func set(_ data: Data, isError: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if isError { err = data } else { out = data }
    }

    var stdout: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
    var stderr: String { lock.withLock { String(decoding: err, as: UTF8.self) } }
}
