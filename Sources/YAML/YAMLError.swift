/// A YAML problem at a position: a syntax error, a limit exceeded, a duplicate key.
public struct YAMLError: Error, Sendable, Equatable {
    /// What went wrong, without the position (e.g. "duplicate key 'x' (first at 4:3)").
    public var message: String
    /// Where it went wrong.
    public var mark: Mark

    public init(_ message: String, at mark: Mark) {
        self.message = message
        self.mark = mark
    }
}
