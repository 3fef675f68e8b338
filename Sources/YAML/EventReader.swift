import CYAML

/// One libyaml event, copied out so the C event can be freed at once.
struct Event {
    enum Kind {
        case streamStart, streamEnd, documentStart, documentEnd
        case alias, scalar, sequenceStart, sequenceEnd, mappingStart, mappingEnd
    }

    var kind: Kind
    /// The event's start mark, 1-based.
    var mark: Mark
    var anchor: String? = nil
    var tag: String? = nil
    /// The scalar's text, or the alias's anchor name.
    var value: String = ""
    var style: ScalarStyle = .plain
}

/// Owns a libyaml parser over a private copy of the input and hands out events one by one.
/// Every libyaml event is deleted before `next()` returns or throws.
final class EventReader {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let maxScalarBytes: Int
    /// Events parsed so far.
    private(set) var eventCount = 0

    init(_ bytes: [UInt8], maxScalarBytes: Int) throws(YAMLError) {
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(fromContentsOf: bytes)
        self.maxScalarBytes = maxScalarBytes
        guard yaml_parser_initialize(parser) != 0 else {
            // Zeroed so deinit's yaml_parser_delete has nothing to free.
            parser.initialize(to: yaml_parser_t())
            throw YAMLError("out of memory while starting the YAML parser", at: Mark(line: 1, column: 1))
        }
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        event.deallocate()
        input.deallocate()
    }

    /// The next event, or the parser's error with its position.
    func next() throws(YAMLError) -> Event {
        guard yaml_parser_parse(parser, event) != 0 else { throw parserError() }
        defer { yaml_event_delete(event) }
        eventCount += 1
        let start = event.pointee.start_mark
        let mark = Mark(line: Int(start.line) + 1, column: Int(start.column) + 1)
        switch event.pointee.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.pointee.data.scalar
            guard scalar.length <= maxScalarBytes else {
                throw YAMLError(
                    "scalar is \(scalar.length) bytes; the limit is \(describeByteCount(maxScalarBytes))",
                    at: mark
                )
            }
            return Event(
                kind: .scalar, mark: mark,
                anchor: string(scalar.anchor), tag: string(scalar.tag),
                value: scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self) } ?? "",
                style: style(scalar.style)
            )
        case YAML_ALIAS_EVENT:
            return Event(kind: .alias, mark: mark, value: string(event.pointee.data.alias.anchor) ?? "")
        case YAML_SEQUENCE_START_EVENT:
            let start = event.pointee.data.sequence_start
            return Event(kind: .sequenceStart, mark: mark, anchor: string(start.anchor), tag: string(start.tag))
        case YAML_SEQUENCE_END_EVENT:
            return Event(kind: .sequenceEnd, mark: mark)
        case YAML_MAPPING_START_EVENT:
            let start = event.pointee.data.mapping_start
            return Event(kind: .mappingStart, mark: mark, anchor: string(start.anchor), tag: string(start.tag))
        case YAML_MAPPING_END_EVENT:
            return Event(kind: .mappingEnd, mark: mark)
        case YAML_DOCUMENT_START_EVENT:
            return Event(kind: .documentStart, mark: mark)
        case YAML_DOCUMENT_END_EVENT:
            return Event(kind: .documentEnd, mark: mark)
        case YAML_STREAM_START_EVENT:
            return Event(kind: .streamStart, mark: mark)
        case YAML_STREAM_END_EVENT:
            return Event(kind: .streamEnd, mark: mark)
        default:
            throw YAMLError("unexpected YAML event", at: mark)
        }
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private func style(_ style: yaml_scalar_style_t) -> ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    /// The parser's error as a message and a 1-based mark.
    private func parserError() -> YAMLError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown YAML error"
        switch state.error {
        case YAML_READER_ERROR:
            // Reader errors carry a byte offset instead of a mark.
            let mark = Self.mark(atByteOffset: state.problem_offset, in: UnsafeBufferPointer(input), encoding: state.encoding)
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
                afterCR = false
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
