import QuartzCron

/// A Quartz schedule as the JMR API takes it: six strings, normalised
/// (trimmed, month and weekday names upper-cased) so equal schedules compare equal.
public struct Schedule: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Seconds (`time` in the API).
    public var time: String
    public var minute: String
    public var hour: String
    /// Day of month.
    public var day: String
    public var month: String
    /// Day of week.
    public var week: String

    /// The API names of the six fields, in Quartz order.
    public static let fieldNames = ["time", "minute", "hour", "day", "month", "week"]

    /// Makes a schedule from six fields in Quartz order, normalising each.
    public init(fields: [String]) {
        precondition(fields.count == 6, "a schedule has six fields")
        let normalized = CronExpression.normalizedField
        (time, minute, hour) = (normalized(fields[0]), normalized(fields[1]), normalized(fields[2]))
        (day, month, week) = (normalized(fields[3]), normalized(fields[4]), normalized(fields[5]))
    }

    /// The six fields in Quartz order.
    public var fields: [String] { [time, minute, hour, day, month, week] }

    /// The Quartz expression, e.g. `0 30 2 * * ?`.
    public var description: String { fields.joined(separator: " ") }

    /// The parsed expression, for evaluating fire times.
    public func cronExpression() throws(CronError) -> CronExpression {
        try CronExpression(fields: fields)
    }
}
