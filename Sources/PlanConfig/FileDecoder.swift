import Foundation
import QuartzCron
import YAML

/// Turns the YAML nodes of one file into plans, collecting every problem it finds.
final class FileDecoder {
    let path: String
    let environment: [String: String]
    /// The file's bytes, to map offsets inside scalars onto source columns.
    let source: [UInt8]
    private(set) var diagnostics: [Diagnostic] = []
    /// Valid schedule strings already parsed, as configurations repeat schedules.
    var parsedSchedules: [String: Schedule] = [:]
    private var lineStarts: [Int]?

    init(path: String, environment: [String: String], source: [UInt8] = []) {
        self.path = path
        self.environment = environment
        self.source = source
    }

    // MARK: Reporting

    func location(_ mark: Mark) -> SourceLocation {
        SourceLocation(file: path, line: mark.line, column: mark.column)
    }

    /// The location of a character (`offset` in Unicode scalars) inside a single-line
    /// scalar, or the scalar's own location when the offset cannot be mapped onto the source.
    func location(of node: Node, offset: Int) -> SourceLocation {
        var loc = location(node.mark)
        guard let scalar = node.scalar, let line = sourceLine(node.mark.line),
            let column = ScalarColumns.column(ofOffset: offset, in: scalar.value, style: scalar.style, line: line, column: node.mark.column)
        else { return loc }
        loc.column = column
        return loc
    }

    /// The Unicode scalars of a 1-based source line, without its line break (or a BOM).
    private func sourceLine(_ number: Int) -> [Unicode.Scalar]? {
        if lineStarts == nil {
            lineStarts = source.withUnsafeBufferPointer { buffer in
                var starts = [0]
                guard let base = buffer.baseAddress else { return starts }
                while let found = memchr(base + starts.last!, 0x0A, buffer.count - starts.last!) {
                    starts.append(UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base + 1)
                }
                return starts
            }
        }
        guard let starts = lineStarts, number >= 1, number <= starts.count else { return nil }
        var end = number < starts.count ? starts[number] - 1 : source.count
        if end > starts[number - 1], source[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var line = Array(String(decoding: source[starts[number - 1]..<end], as: UTF8.self).unicodeScalars)
        if number == 1, line.first == "\u{FEFF}" { line.removeFirst() }
        return line
    }

    func error(_ message: String, at node: Node) {
        diagnostics.append(Diagnostic(.error, message, at: location(node.mark)))
    }

    func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.error, message, at: location))
    }

    // MARK: Typed scalars

    /// The key of a mapping pair as text, or nil (reported) for a non-scalar key.
    func key(_ node: Node) -> String? {
        guard let scalar = node.scalar else {
            error("mapping keys must be scalars, found \(node.kindDescription)", at: node)
            return nil
        }
        return scalar.value
    }

    /// A scalar's text with environment references expanded; nil (reported) otherwise.
    func text(_ node: Node, _ what: String, expected: String = "a string") -> String? {
        guard let scalar = node.scalar, !node.isNull else {
            error("\(what) must be \(expected), found \(node.kindDescription)", at: node)
            return nil
        }
        switch Interpolation.expand(scalar.value, environment: environment) {
        case .success(let value):
            return value
        case .failure(let failure):
            error(failure.message, at: location(of: node, offset: failure.offset))
            return nil
        }
    }

    /// An optional string field: null (`.some(nil)`) means "explicitly unset"; nil when invalid (reported).
    func optionalString(_ node: Node, _ field: String) -> String?? {
        if node.isNull { return .some(nil) }
        guard let value = text(node, field) else { return nil }
        return value
    }

    /// A required, non-empty string; nil when invalid (reported).
    func requiredString(_ node: Node, _ field: String) -> String? {
        guard let value = text(node, field) else { return nil }
        guard !TextChecks.isBlank(value) else {
            error("\(field) must not be empty", at: node)
            return nil
        }
        return value
    }

    /// `true` or `false`: null (`.some(nil)`) means "explicitly unset"; nil when invalid (reported).
    func bool(_ node: Node, _ field: String) -> Bool?? {
        if node.isNull { return .some(nil) }
        guard let value = text(node, field, expected: "true or false") else { return nil }
        switch value {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            error("\(field) must be true or false, found '\(value)'", at: node)
            return nil
        }
    }

    /// Reports keys outside `allowed`, with a suggestion for near misses.
    func unknownKey(_ key: String, at node: Node, allowed: [String], context: String) {
        var message = "unknown key '\(key)' in \(context)"
        if let suggestion = Suggestion.closest(to: key, among: allowed) {
            message += "; did you mean '\(suggestion)'?"
        } else {
            message += " (expected one of: \(allowed.joined(separator: ", ")))"
        }
        error(message, at: node)
    }
}
