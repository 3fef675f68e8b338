import Foundation

/// A child process that keeps running while the test does other things (a lock holder,
/// a long `apply`). Stopped (terminated and reaped) by `stop()` or on deinit.
final class BackgroundProcess: @unchecked Sendable {
    let process = Process()
    private let input = Pipe(), output = Pipe(), errorOutput = Pipe()
    private var buffered = Data()

    init(_ executable: String, _ arguments: [String], in directory: URL, environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errorOutput
        try process.run()
    }

    deinit { stop() }

    var pid: Int32 { process.processIdentifier }

    /// Reads stdout until a line equal to `line` arrives; false at end of output.
    func waitForLine(_ line: String) -> Bool {
        let handle = output.fileHandleForReading
        while true {
            while let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let text = String(decoding: buffered[buffered.startIndex..<newline], as: UTF8.self)
                buffered.removeSubrange(buffered.startIndex...newline)
                if text == line { return true }
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return false }
            buffered.append(chunk)
        }
    }

    /// Closes the child's stdin.
    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// Waits for the child to exit and returns its status with the rest of its output
    /// (read stdout first, then stderr: for children that write little).
    func finish() -> ProcessResult {
        closeInput()
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        let errors = errorOutput.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus,
            stdout: String(decoding: buffered + rest, as: UTF8.self),
            stderr: String(decoding: errors, as: UTF8.self)
        )
    }

    /// Closes stdin, sends SIGTERM, and SIGKILL after two seconds (a child may inherit
    /// SIGTERM ignored from the test runner), then reaps the child.
    func stop() {
        guard process.isRunning else { return }
        closeInput()
        process.terminate()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
