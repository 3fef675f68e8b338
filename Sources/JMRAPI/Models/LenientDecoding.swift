import Foundation

/// Decoding helpers that accept the few shapes a field has been seen in
/// (a number or a numeric string, a bool or "true"/"false"), so a minor server
/// variation does not fail a whole response.
extension KeyedDecodingContainer {
    func decodeLenientInt64(forKey key: Key) throws -> Int64? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let value = try? decode(Int64.self, forKey: key) { return value }
        if let value = try? decode(Double.self, forKey: key), value == value.rounded(), abs(value) < 9.0e15 {
            return Int64(value)
        }
        let text = try decode(String.self, forKey: key)
        guard let value = Int64(text.trimmingCharacters(in: .whitespaces)) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "expected an integer, got '\(text)'")
        }
        return value
    }

    func decodeLenientBool(forKey key: Key) throws -> Bool? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let value = try? decode(Bool.self, forKey: key) { return value }
        if let value = try? decode(Int.self, forKey: key) { return value != 0 }
        let text = try decode(String.self, forKey: key).lowercased()
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default:
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "expected a boolean, got '\(text)'")
        }
    }

    /// A string, or a number or bool rendered as a string.
    func decodeLenientString(forKey key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let value = try? decode(String.self, forKey: key) { return value }
        if let value = try? decode(Bool.self, forKey: key) { return String(value) }
        if let value = try? decode(Int64.self, forKey: key) { return String(value) }
        return String(try decode(Double.self, forKey: key))
    }
}
