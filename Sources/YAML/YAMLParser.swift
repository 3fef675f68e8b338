/// Parses YAML text into `Node` trees with positions, resolving aliases and merge keys.
public enum YAMLParser {
    /// One root Node per document in the stream; [] for an empty stream.
    public static func parse(_ bytes: [UInt8], limits: YAMLLimits = YAMLLimits()) throws(YAMLError) -> [Node] {
        guard bytes.count <= limits.maxFileBytes else {
            throw YAMLError(
                "file is \(bytes.count) bytes; the limit is \(describeByteCount(limits.maxFileBytes))",
                at: Mark(line: 1, column: 1)
            )
        }
        // libyaml reads the caller's bytes in place; the reader never outlives this closure.
        return try bytes.withUnsafeBufferPointer { (input) throws(YAMLError) -> [Node] in
            let reader = try EventReader(input, maxScalarBytes: limits.maxScalarBytes)
            var composer = Composer(reader: reader, limits: limits)
            return try composer.composeStream()
        }
    }

    /// Parses the UTF-8 form of `text`; see `parse(_:limits:)` for bytes.
    public static func parse(_ text: String, limits: YAMLLimits = YAMLLimits()) throws(YAMLError) -> [Node] {
        try parse(Array(text.utf8), limits: limits)
    }
}
