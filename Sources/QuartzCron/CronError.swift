/// A problem in a cron expression, located at the offending character.
///
/// Offsets count Unicode scalars (the unit YAML columns use), from 0.
public struct CronError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, without the position (e.g. "minute 75 is out of range 0-59").
    public var message: String
    /// The field holding the error (0...5, in `CronExpression.fieldNames` order),
    /// or nil when the error concerns the expression as a whole (field count, year field).
    public var fieldIndex: Int?
    /// Offset of the offending character inside its field as passed (before trimming);
    /// 0 when there is no field.
    public var offsetInField: Int
    /// Offset of the offending character inside the whole expression for
    /// `CronExpression.init(_:)`; equal to `offsetInField` for `init(fields:)`.
    public var offset: Int

    public init(message: String, fieldIndex: Int?, offsetInField: Int, offset: Int) {
        self.message = message
        self.fieldIndex = fieldIndex
        self.offsetInField = offsetInField
        self.offset = offset
    }

    public var description: String { message }
}
