import Foundation
import PlanConfig

/// Prints diagnostics as `FILE:LINE:COL: error: message`, then the source line and a caret.
/// The one printer for every diagnostic jmr-apply reports.
struct DiagnosticPrinter {
    let console: Console
    let sources: [String: [UInt8]]
    private var lineStarts: [String: [Int]] = [:]

    init(console: Console, sources: [String: [UInt8]]) {
        self.console = console
        self.sources = sources
    }

    mutating func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { print(diagnostic) }
    }

    mutating func print(_ diagnostic: Diagnostic) {
        let colour = console.colours(.error)
        let severityStyle: Style = diagnostic.severity == .error ? .red : diagnostic.severity == .warning ? .yellow : .cyan
        var text = ""
        if let location = diagnostic.location {
            text += Style.bold.apply("\(location):", colour) + " "
        }
        text += severityStyle.apply(diagnostic.severity.rawValue + ":", colour) + " " + Style.bold.apply(diagnostic.message, colour)
        console.printError(text)
        if let location = diagnostic.location, let line = sourceLine(location.file, location.line) {
            let number = String(location.line)
            let gutter = String(repeating: " ", count: number.count)
            let visible = String(line.prefix(400))
            // Keep tabs so the caret lines up under the same column.
            let padding = String(visible.prefix(max(0, location.column - 1)).map { $0 == "\t" ? "\t" : " " })
            console.printError(Style.dim.apply(" \(number) | ", colour) + visible)
            console.printError(Style.dim.apply(" \(gutter) | ", colour) + padding + severityStyle.apply("^", colour))
        }
    }

    /// The text of a 1-based line, without its line break.
    private mutating func sourceLine(_ file: String, _ number: Int) -> String? {
        guard let bytes = sources[file] else { return nil }
        if lineStarts[file] == nil {
            // memchr: a multi-megabyte line must not make printing one error slow.
            lineStarts[file] = bytes.withUnsafeBufferPointer { buffer in
                var starts = [0]
                guard let base = buffer.baseAddress else { return starts }
                while let found = memchr(base + starts.last!, 0x0A, buffer.count - starts.last!) {
                    starts.append(UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base + 1)
                }
                return starts
            }
        }
        let starts = lineStarts[file]!
        guard number >= 1, number <= starts.count else { return nil }
        let start = starts[number - 1]
        var end = number < starts.count ? starts[number] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard start <= end else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
