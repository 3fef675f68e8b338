import Foundation
import QuartzCron
import Testing

/// Parses an ISO 8601 instant ("2026-03-08T03:30:00-04:00" or "...Z").
func instant(_ text: String) throws -> Date {
    try Date(text, strategy: .iso8601)
}

/// Renders instants as UTC ISO 8601 strings, so failures show readable times.
func utc(_ dates: [Date]) -> [String] {
    dates.map { $0.formatted(.iso8601) }
}

/// The next fire times of `expression` after `after`, in `zone`, as UTC ISO 8601 strings.
func fireTimes(
    _ expression: String, after: String, count: Int, zone: String = "UTC"
) throws -> [String] {
    let cron = try CronExpression(expression)
    let timeZone = try #require(TimeZone(identifier: zone))
    return utc(cron.nextFireTimes(after: try instant(after), count: count, in: timeZone))
}

/// `expected` (ISO 8601 with any offsets) as UTC ISO 8601 strings.
func expectedTimes(_ expected: [String]) throws -> [String] {
    try utc(expected.map(instant))
}
