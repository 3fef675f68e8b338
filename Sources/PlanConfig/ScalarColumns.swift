import YAML

/// Maps an offset inside a scalar's value back to a column of its source line, so an
/// error can point at the offending character even when escapes (`\t`, `''`) make the
/// value shorter than the source.
enum ScalarColumns {
    /// The 1-based column of the value's Unicode scalar at `offset` (which may be the
    /// value's length, meaning just after it), or nil when the value does not lie on
    /// `line` from `column` as written, e.g. a scalar folded over several lines.
    static func column(ofOffset offset: Int, in value: String, style: ScalarStyle, line: [Unicode.Scalar], column: Int) -> Int? {
        let value = Array(value.unicodeScalars)
        guard offset >= 0, offset <= value.count, column >= 1 else { return nil }
        var index = column - 1
        switch style {
        case .plain: break
        case .singleQuoted, .doubleQuoted:
            guard index < line.count, line[index] == (style == .singleQuoted ? "'" : "\"") else { return nil }
            index += 1
        case .literal, .folded:
            return nil
        }
        for expected in value[..<offset] {
            guard index < line.count else { return nil }
            let character = line[index]
            if style == .doubleQuoted, character == "\\" {
                // One value scalar from an escape: \xXX, \uXXXX, \UXXXXXXXX or \c.
                guard index + 1 < line.count else { return nil }
                switch line[index + 1] {
                case "x": index += 4
                case "u": index += 6
                case "U": index += 10
                default: index += 2
                }
            } else if style == .singleQuoted, character == "'" {
                guard index + 1 < line.count, line[index + 1] == "'", expected == "'" else { return nil }
                index += 2
            } else {
                guard character == expected else { return nil }
                index += 1
            }
        }
        return index <= line.count ? index + 1 : nil
    }
}
