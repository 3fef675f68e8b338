import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn` and reaped with `waitpid`, with optional
/// pipes to its standard input and output (standard error goes with the output).
/// Foundation's `Process` is avoided: its exit monitoring can miss a child's exit.
final class Subprocess {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let pid: pid_t
    /// Write end of the child's standard input (-1 when not piped).
    private(set) var input: Int32
    /// Read end of the child's standard output and error.
    private(set) var output: Int32
    private var status: Int32?

    init(_ executable: String, _ arguments: [String], pipeInput: Bool) throws {
        var inputPipe: [Int32] = [-1, -1]
        var outputPipe: [Int32] = [-1, -1]
        guard pipe(&outputPipe) == 0 else { throw Failure(description: "pipe: \(errno)") }
        if pipeInput {
            guard pipe(&inputPipe) == 0 else { throw Failure(description: "pipe: \(errno)") }
        }
        for descriptor in outputPipe + inputPipe where descriptor >= 0 {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if pipeInput {
            posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 2)
        // Keep the test runner's other descriptors out of long-lived children (the server).
        if let closeFrom = Self.closeFrom { _ = closeFrom(&actions, 3) }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, nil, argv, environ)
        close(outputPipe[1])
        if pipeInput { close(inputPipe[0]) }
        guard result == 0 else {
            close(outputPipe[0])
            if pipeInput { close(inputPipe[1]) }
            throw Failure(description: "cannot run \(executable): \(String(cString: strerror(result)))")
        }
        pid = child
        input = pipeInput ? inputPipe[1] : -1
        output = outputPipe[0]
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (not exported to Swift).
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            _ = wait()
        }
        closeInput()
        if output >= 0 { close(output) }
    }

    /// Runs a program to completion and returns its exit status and output.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = try Subprocess(executable, arguments, pipeInput: false)
        var data = Data()
        while let chunk = process.read() { data.append(chunk) }
        return (process.wait(), String(decoding: data, as: UTF8.self))
    }

    func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(input, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// The next output bytes, or nil at end of output.
    func read() -> Data? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = Glibc.read(output, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            return count > 0 ? Data(buffer[0..<count]) : nil
        }
    }

    func closeInput() {
        if input >= 0 {
            close(input)
            input = -1
        }
    }

    /// Waits for the child to end; its exit status (128 + signal when killed).
    @discardableResult
    func wait() -> Int32 {
        if let status { return status }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        let code = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        status = code
        return code
    }
}
