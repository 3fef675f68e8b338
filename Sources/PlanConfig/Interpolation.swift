/// Expands `${VAR}`, `${VAR:-default}` and `$$` (a literal `$`) in scalar values.
/// A `$` followed by anything else is kept as is.
enum Interpolation {
    struct Failure: Error {
        var message: String
        /// Offset of the offending `$` inside the input, in Unicode scalars (YAML columns).
        var offset: Int
    }

    static func expand(_ text: String, environment: [String: String]) -> Result<String, Failure> {
        guard TextChecks.contains(UInt8(ascii: "$"), in: text) else { return .success(text) }
        let chars = Array(text)
        func scalarOffset(_ index: Int) -> Int { chars[..<index].reduce(0) { $0 + $1.unicodeScalars.count } }
        var out = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            guard c == "$", i + 1 < chars.count else {
                out.append(c)
                i += 1
                continue
            }
            if chars[i + 1] == "$" {
                out.append("$")
                i += 2
                continue
            }
            guard chars[i + 1] == "{" else {
                out.append(c)
                i += 1
                continue
            }
            guard let close = chars[(i + 2)...].firstIndex(of: "}") else {
                return .failure(Failure(message: "unterminated '${' in value", offset: scalarOffset(i)))
            }
            let body = String(chars[(i + 2)..<close])
            let name: String
            let fallback: String?
            if let range = body.range(of: ":-") {
                name = String(body[..<range.lowerBound])
                fallback = String(body[range.upperBound...])
            } else {
                name = body
                fallback = nil
            }
            guard isVariableName(name) else {
                return .failure(Failure(message: "'${\(body)}' is not a valid variable reference; use ${NAME} or ${NAME:-default}", offset: scalarOffset(i)))
            }
            if let value = environment[name] {
                out += value
            } else if let fallback {
                out += fallback
            } else {
                return .failure(Failure(message: "environment variable '\(name)' is not set (use ${\(name):-default} to give a default)", offset: scalarOffset(i)))
            }
            i = close + 1
        }
        return .success(out)
    }

    private static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
