import Testing
@testable import YAML

/// The single document of `text`.
func document(_ text: String, limits: YAMLLimits = YAMLLimits()) throws -> Node {
    let documents = try YAMLParser.parse(text, limits: limits)
    try #require(documents.count == 1, "expected one document, got \(documents.count)")
    return documents[0]
}

/// The error that parsing `bytes` throws, or nil if it parses.
func parseError(_ bytes: [UInt8], limits: YAMLLimits = YAMLLimits()) -> YAMLError? {
    do {
        _ = try YAMLParser.parse(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}

func parseError(_ text: String, limits: YAMLLimits = YAMLLimits()) -> YAMLError? {
    parseError(Array(text.utf8), limits: limits)
}

func mark(_ line: Int, _ column: Int) -> Mark {
    Mark(line: line, column: column)
}

extension Node {
    /// The value for the scalar key `key`, if this is a mapping that has it.
    subscript(key: String) -> Node? {
        mapping?.first { $0.key.scalar?.value == key }?.value
    }

    /// The scalar keys of a mapping, in order.
    var keys: [String] {
        (mapping ?? []).compactMap { $0.key.scalar?.value }
    }

    /// The scalar's text, if this is a scalar.
    var text: String? { scalar?.value }
}
