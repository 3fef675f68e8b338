import Foundation
import Synchronization

/// Where a command writes: buffered stdout and stderr, with colour only on a terminal
/// and never when NO_COLOR is set.
final class Console: Sendable {
    enum Stream: Sendable { case output, error }

    private let buffers = Mutex<(output: [UInt8], error: [UInt8])>(([], []))
    private let outputDescriptor: Int32
    private let errorDescriptor: Int32
    /// True when stdout is a terminal (progress lines go to stderr only then).
    let outputIsTerminal: Bool
    let errorIsTerminal: Bool
    private let colourAllowed: Bool

    init(environment: [String: String], outputDescriptor: Int32 = 1, errorDescriptor: Int32 = 2) {
        self.outputDescriptor = outputDescriptor
        self.errorDescriptor = errorDescriptor
        outputIsTerminal = isatty(outputDescriptor) == 1
        errorIsTerminal = isatty(errorDescriptor) == 1
        colourAllowed = (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    /// Whether text written to `stream` may carry ANSI colour.
    func colours(_ stream: Stream) -> Bool {
        colourAllowed && (stream == .output ? outputIsTerminal : errorIsTerminal)
    }

    /// Appends a line (or, with `terminator: ""`, raw text) to stdout.
    func print(_ line: String, terminator: String = "\n") { write(line + terminator, to: .output) }

    /// Appends a line to stderr.
    func printError(_ line: String) { write(line + "\n", to: .error) }

    func write(_ text: String, to stream: Stream) {
        let full = buffers.withLock { buffers -> Bool in
            switch stream {
            case .output: buffers.output.append(contentsOf: text.utf8)
            case .error: buffers.error.append(contentsOf: text.utf8)
            }
            return buffers.output.count > 1 << 16 || stream == .error
        }
        if full { flush() }
    }

    /// Writes a transient progress line to a terminal stderr (erased by the next one).
    func progress(_ line: String) {
        guard errorIsTerminal else { return }
        flush()
        writeAll("\r\u{1B}[2K" + line, to: errorDescriptor)
    }

    /// Erases the progress line, if any.
    func clearProgress() {
        guard errorIsTerminal else { return }
        writeAll("\r\u{1B}[2K", to: errorDescriptor)
    }

    /// Writes everything buffered.
    func flush() {
        let (output, error) = buffers.withLock { buffers in
            defer { buffers = ([], []) }
            return buffers
        }
        if !output.isEmpty { writeAll(output, to: outputDescriptor) }
        if !error.isEmpty { writeAll(error, to: errorDescriptor) }
    }

    private func writeAll(_ text: String, to fd: Int32) {
        writeAll(Array(text.utf8), to: fd)
    }

    private func writeAll(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}

/// ANSI styles, applied only when the console allows colour.
enum Style: String {
    case bold = "1", red = "31", green = "32", yellow = "33", blue = "34", cyan = "36", dim = "2"

    func apply(_ text: String, _ enabled: Bool) -> String {
        enabled ? "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" : text
    }
}
