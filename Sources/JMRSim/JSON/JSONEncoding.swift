extension JSONValue {
    /// Compact JSON text with object keys sorted, so output is deterministic.
    var jsonText: String {
        var output = ""
        write(to: &output)
        return output
    }

    /// Pretty-printed JSON text (two-space indent, sorted keys), for files people read.
    var prettyJSONText: String {
        var output = ""
        write(to: &output, indent: "")
        output.append("\n")
        return output
    }

    private func write(to output: inout String, indent: String? = nil) {
        switch self {
        case .null: output.append("null")
        case .bool(let value): output.append(value ? "true" : "false")
        case .integer(let value): output.append(String(value))
        case .double(let value):
            if !value.isFinite {
                output.append("null")
            } else if value == value.rounded(), abs(value) < 1e15 {
                output.append(String(Int(value)))
            } else {
                output.append(String(value))
            }
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let elements):
            guard !elements.isEmpty else { output.append("[]"); return }
            output.append("[")
            let inner = indent.map { $0 + "  " }
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(",") }
                if let inner { output.append("\n" + inner) }
                element.write(to: &output, indent: inner)
            }
            if let indent { output.append("\n" + indent) }
            output.append("]")
        case .object(let members):
            guard !members.isEmpty else { output.append("{}"); return }
            output.append("{")
            let inner = indent.map { $0 + "  " }
            for (position, key) in members.keys.sorted().enumerated() {
                if position > 0 { output.append(",") }
                if let inner { output.append("\n" + inner) }
                Self.writeString(key, to: &output)
                output.append(inner == nil ? ":" : ": ")
                members[key]!.write(to: &output, indent: inner)
            }
            if let indent { output.append("\n" + indent) }
            output.append("}")
        }
    }

    private static func writeString(_ value: String, to output: inout String) {
        output.append("\"")
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case "\u{00}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output.append("\"")
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .integer(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    init(nilLiteral: ()) { self = .null }
    init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
