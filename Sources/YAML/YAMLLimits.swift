/// Bounds that keep parsing hostile or broken input fast and small.
/// Every limit that is hit becomes a `YAMLError` with a position.
public struct YAMLLimits: Sendable, Hashable {
    /// Deepest allowed nesting of sequences and mappings. Composition recurses once per
    /// level, so keep this in the hundreds at most.
    public var maxDepth: Int
    /// Nodes that aliases may add to a document before the ratio check applies.
    public var maxAliasExpansion: Int
    /// Alias-added nodes allowed per parsed event once `maxAliasExpansion` is passed.
    public var aliasRatio: Int
    /// Longest allowed scalar, in UTF-8 bytes.
    public var maxScalarBytes: Int
    /// Largest allowed input, in bytes.
    public var maxFileBytes: Int

    public init(
        maxDepth: Int = 64,
        maxAliasExpansion: Int = 10_000,
        aliasRatio: Int = 10,
        maxScalarBytes: Int = 1 << 20,
        maxFileBytes: Int = 64 << 20
    ) {
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
        self.aliasRatio = aliasRatio
        self.maxScalarBytes = maxScalarBytes
        self.maxFileBytes = maxFileBytes
    }
}

/// "64 MiB", "16 KiB" or "1000 bytes": a byte count for messages.
func describeByteCount(_ count: Int) -> String {
    if count >= 1 << 20, count % (1 << 20) == 0 { return "\(count >> 20) MiB" }
    if count >= 1 << 10, count % (1 << 10) == 0 { return "\(count >> 10) KiB" }
    return count == 1 ? "1 byte" : "\(count) bytes"
}
