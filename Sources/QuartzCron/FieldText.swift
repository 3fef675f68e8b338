/// The scalars of an ASCII field, read in place from its UTF-8 bytes (one scalar per
/// byte), optionally with letters upper-cased. Valid only while the bytes are.
struct ASCIIScalars: RandomAccessCollection {
    let bytes: UnsafeBufferPointer<UInt8>
    let upperCased: Bool

    var startIndex: Int { 0 }
    var endIndex: Int { bytes.count }

    subscript(position: Int) -> Unicode.Scalar {
        let byte = bytes[position]
        return Unicode.Scalar(upperCased && byte &- 0x61 < 26 ? byte - 0x20 : byte)
    }
}

/// Byte-level helpers for the ASCII fast paths; inputs with other bytes take the
/// Unicode-scalar paths, which give the same results.
enum ASCII {
    /// Whether `byte` is an ASCII scalar with the Unicode White_Space property
    /// (tab, line feed, vertical tab, form feed, carriage return, space).
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte &- 0x09 < 5
    }

    static func isLowercaseLetter(_ byte: UInt8) -> Bool {
        byte &- 0x61 < 26
    }
}

extension FieldParser where Text == [Unicode.Scalar] {
    /// A parser of any field text, by Unicode scalars.
    init(kind: FieldKind, scalars: Substring.UnicodeScalarView) {
        let written = Array(scalars)
        self.init(kind: kind, text: written.map(Self.upperCased), written: written)
    }

    private static func upperCased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("a"..."z").contains(scalar) ? Unicode.Scalar(scalar.value - 32)! : scalar
    }
}

extension FieldParser where Text == ASCIIScalars {
    /// A parser of an ASCII field's bytes, read in place.
    init(kind: FieldKind, ascii bytes: UnsafeBufferPointer<UInt8>) {
        self.init(
            kind: kind, text: ASCIIScalars(bytes: bytes, upperCased: true),
            written: ASCIIScalars(bytes: bytes, upperCased: false)
        )
    }
}
