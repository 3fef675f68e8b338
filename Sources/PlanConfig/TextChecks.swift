import Foundation

/// Foundation's whitespace trimming and substring search, answered from the UTF-8 bytes
/// when the answer is plain (as it is for almost all input) and by Foundation otherwise,
/// so the results are always Foundation's.
enum TextChecks {
    /// `text.trimmingCharacters(in: .whitespaces)`.
    static func trimmingWhitespace(_ text: String) -> String {
        // `.whitespaces` holds no ASCII but tab and space, so ASCII ends that are
        // neither leave nothing to trim.
        if let first = text.utf8.first, let last = text.utf8.last, survivesTrimming(first), survivesTrimming(last) {
            return text
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// `text.trimmingCharacters(in: .whitespaces).isEmpty`.
    static func isBlank(_ text: String) -> Bool {
        if let first = text.utf8.first, survivesTrimming(first) { return false }
        return text.trimmingCharacters(in: .whitespaces).isEmpty
    }

    /// `text.contains(",")`, Foundation's search: no other scalar matches a comma, so
    /// text without a comma byte has none.
    static func containsComma(_ text: String) -> Bool {
        guard contains(UInt8(ascii: ","), in: text) else { return false }
        return text.contains(",")
    }

    /// Whether `text`'s UTF-8 holds `byte` (memchr on the contiguous bytes).
    static func contains(_ byte: UInt8, in text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, Int32(byte), bytes.count) != nil } ?? false
        } ?? text.utf8.contains(byte)
    }

    /// Whether `text` is printable ASCII (no controls, no DEL, nothing beyond).
    static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 &- 0x20 < 0x5F }
        } ?? text.utf8.allSatisfy { $0 &- 0x20 < 0x5F }
    }

    /// An ASCII byte outside `.whitespaces` (tab and space).
    private static func survivesTrimming(_ byte: UInt8) -> Bool {
        byte < 0x80 && byte != 0x20 && byte != 0x09
    }
}
