import CYAML

/// Owns a libyaml parser over the caller's input and steps through its events.
/// Exactly one event is held at a time: the previous one is deleted before the next is
/// parsed, and the last one when the reader goes away, on success and error paths alike.
///
/// The reader does not copy `input`: the caller keeps it alive for the reader's lifetime.
final class EventReader {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    private let input: UnsafeBufferPointer<UInt8>
    private let maxScalarBytes: Int
    private var emptyInput: UnsafeMutablePointer<UInt8>? = nil
    private var holdsEvent = false
    /// Events parsed so far.
    private(set) var eventCount = 0

    init(_ input: UnsafeBufferPointer<UInt8>, maxScalarBytes: Int) throws(YAMLError) {
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        self.input = input
        self.maxScalarBytes = maxScalarBytes
        guard yaml_parser_initialize(parser) != 0 else {
            // Zeroed so deinit's yaml_parser_delete has nothing to free.
            parser.initialize(to: yaml_parser_t())
            throw YAMLError("out of memory while starting the YAML parser", at: Mark(line: 1, column: 1))
        }
        if let base = input.baseAddress, !input.isEmpty {
            yaml_parser_set_input_string(parser, base, input.count)
        } else {
            // An empty buffer may have no address, and libyaml wants a non-null one.
            let placeholder = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
            emptyInput = placeholder
            yaml_parser_set_input_string(parser, placeholder, 0)
        }
    }

    deinit {
        if holdsEvent { yaml_event_delete(event) }
        yaml_parser_delete(parser)
        parser.deallocate()
        event.deallocate()
        emptyInput?.deallocate()
    }

    /// Deletes the current event and parses the next one, or throws the parser's error.
    func advance() throws(YAMLError) {
        if holdsEvent {
            yaml_event_delete(event)
            holdsEvent = false
        }
        guard yaml_parser_parse(parser, event) != 0 else { throw parserError() }
        holdsEvent = true
        eventCount += 1
    }

    // MARK: The current event

    var type: yaml_event_type_t { event.pointee.type }

    /// Where the current event starts, 1-based.
    var mark: Mark {
        let start = event.pointee.start_mark
        return Mark(line: Int(start.line) + 1, column: Int(start.column) + 1)
    }

    /// The anchor of the current scalar, sequence or mapping.
    var anchor: String? {
        switch type {
        case YAML_SCALAR_EVENT: string(event.pointee.data.scalar.anchor)
        case YAML_SEQUENCE_START_EVENT: string(event.pointee.data.sequence_start.anchor)
        case YAML_MAPPING_START_EVENT: string(event.pointee.data.mapping_start.anchor)
        default: nil
        }
    }

    /// The resolved tag of the current scalar, sequence or mapping.
    var tag: String? {
        switch type {
        case YAML_SCALAR_EVENT: string(event.pointee.data.scalar.tag)
        case YAML_SEQUENCE_START_EVENT: string(event.pointee.data.sequence_start.tag)
        case YAML_MAPPING_START_EVENT: string(event.pointee.data.mapping_start.tag)
        default: nil
        }
    }

    /// The anchor name of the current alias.
    var aliasName: String { string(event.pointee.data.alias.anchor) ?? "" }

    /// The current scalar's text, or an error if it is longer than the scalar limit.
    func scalarText() throws(YAMLError) -> String {
        let scalar = event.pointee.data.scalar
        guard scalar.length <= maxScalarBytes else {
            throw YAMLError(
                "scalar is \(scalar.length) bytes; the limit is \(describeByteCount(maxScalarBytes))",
                at: mark
            )
        }
        guard let value = scalar.value else { return "" }
        return String(decoding: UnsafeBufferPointer(start: value, count: scalar.length), as: UTF8.self)
    }

    /// How the current scalar was written.
    var scalarStyle: ScalarStyle {
        switch event.pointee.data.scalar.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    /// True if the current event is a merge key: a plain untagged `<<`, or any scalar tagged
    /// `tag:yaml.org,2002:merge`.
    var isMergeKey: Bool {
        guard type == YAML_SCALAR_EVENT else { return false }
        let scalar = event.pointee.data.scalar
        if let tag = scalar.tag { return String(cString: tag) == "tag:yaml.org,2002:merge" }
        guard scalar.style == YAML_PLAIN_SCALAR_STYLE, scalar.length == 2, let value = scalar.value else { return false }
        return value[0] == UInt8(ascii: "<") && value[1] == UInt8(ascii: "<")
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    // MARK: Errors

    /// The parser's error as a message and a 1-based mark.
    private func parserError() -> YAMLError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown YAML error"
        switch state.error {
        case YAML_READER_ERROR:
            // Reader errors carry a byte offset instead of a mark.
            let mark = Self.mark(atByteOffset: state.problem_offset, in: input, encoding: state.encoding)
            let value = Int(state.problem_value)
            if value < 0 { return YAMLError(problem, at: mark) }
            let hex = String(value, radix: 16, uppercase: true)
            if problem.contains("octet") {
                return YAMLError("\(problem) (byte 0x\(hex.count < 2 ? "0" + hex : hex))", at: mark)
            }
            return YAMLError("\(problem) (U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex))", at: mark)
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            let mark = Mark(line: Int(state.problem_mark.line) + 1, column: Int(state.problem_mark.column) + 1)
            guard let context = state.context.map({ String(cString: $0) }) else { return YAMLError(problem, at: mark) }
            let contextMark = Mark(line: Int(state.context_mark.line) + 1, column: Int(state.context_mark.column) + 1)
            return YAMLError("\(problem) (\(context) at \(contextMark))", at: mark)
        case YAML_MEMORY_ERROR:
            return YAMLError("out of memory while parsing YAML", at: Mark(line: Int(state.mark.line) + 1, column: Int(state.mark.column) + 1))
        default:
            return YAMLError(problem, at: Mark(line: Int(state.mark.line) + 1, column: Int(state.mark.column) + 1))
        }
    }

    /// The 1-based line and column of a byte offset, counting lines and columns as libyaml does:
    /// a BOM is skipped, CR LF, CR, LF, NEL, LS and PS end lines, and columns count Unicode scalars.
    static func mark(atByteOffset offset: Int, in bytes: UnsafeBufferPointer<UInt8>, encoding: yaml_encoding_t) -> Mark {
        let end = min(max(offset, 0), bytes.count)
        let text: String
        switch encoding {
        case YAML_UTF16LE_ENCODING, YAML_UTF16BE_ENCODING:
            let bigEndian = encoding == YAML_UTF16BE_ENCODING
            var units: [UInt16] = []
            units.reserveCapacity(end / 2)
            var index = 0
            while index + 1 < end {
                let (high, low) = bigEndian ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
                units.append(UInt16(high) << 8 | UInt16(low))
                index += 2
            }
            text = String(decoding: units, as: UTF16.self)
        default:
            text = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
        }
        var line = 1
        var column = 1
        var afterCR = false
        for (position, scalar) in text.unicodeScalars.enumerated() {
            switch scalar.value {
            case 0xFEFF where position == 0:
                continue
            case 0x0A where afterCR:
                break
            case 0x0A, 0x85, 0x2028, 0x2029:
                line += 1
                column = 1
            case 0x0D:
                line += 1
                column = 1
                afterCR = true
                continue
            default:
                column += 1
            }
            afterCR = false
        }
        return Mark(line: line, column: column)
    }
}
