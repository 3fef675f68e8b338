import Foundation
import QuartzCron
import Testing

/// The search itself: strictly-after, time zones, counts, and its horizon.
@Suite struct SearchTests {
    @Test func timesAreStrictlyAfterTheDate() throws {
        #expect(try fireTimes("0 0 12 * * ?", after: "2026-01-01T12:00:00Z", count: 1) == ["2026-01-02T12:00:00Z"])
        let cron = try CronExpression("0 0 12 * * ?")
        let justBefore = try instant("2026-01-01T12:00:00Z").addingTimeInterval(-0.5)
        #expect(utc(cron.nextFireTimes(after: justBefore, count: 1, in: .gmt)) == ["2026-01-01T12:00:00Z"])
        let justAfter = try instant("2026-01-01T12:00:00Z").addingTimeInterval(0.25)
        #expect(utc(cron.nextFireTimes(after: justAfter, count: 1, in: .gmt)) == ["2026-01-02T12:00:00Z"])
    }

    @Test func fieldsMatchWallTimeInTheZone() throws {
        // 02:30 in Shanghai (UTC+8) is 18:30 UTC the day before.
        #expect(try fireTimes("0 30 2 * * ?", after: "2026-01-01T00:00:00Z", count: 2, zone: "Asia/Shanghai") == [
            "2026-01-01T18:30:00Z", "2026-01-02T18:30:00Z",
        ])
        // Mondays 09:00 in Kolkata (UTC+5:30); 2026-01-05 is a Monday.
        #expect(try fireTimes("0 0 9 ? * MON", after: "2026-01-01T00:00:00Z", count: 1, zone: "Asia/Kolkata") == [
            "2026-01-05T03:30:00Z",
        ])
    }

    @Test func everySecond() throws {
        let times = try fireTimes("* * * * * ?", after: "2026-12-31T23:59:58Z", count: 3)
        #expect(times == ["2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z", "2027-01-01T00:00:01Z"])
    }

    @Test func noTimesForACountOfZero() throws {
        let cron = try CronExpression("* * * * * ?")
        #expect(cron.nextFireTimes(after: try instant("2026-01-01T00:00:00Z"), count: 0, in: .gmt).isEmpty)
        #expect(cron.nextFireTimes(after: try instant("2026-01-01T00:00:00Z"), count: -1, in: .gmt).isEmpty)
    }

    @Test func leapDayFiresEveryFourYears() throws {
        #expect(try fireTimes("0 0 0 29 FEB ?", after: "2026-01-01T00:00:00Z", count: 3) == [
            "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z", "2036-02-29T00:00:00Z",
        ])
    }

    @Test(arguments: ["0 0 0 30 2 ?", "0 0 0 31 4,6,9,11 ?", "* * * 30W FEB ?", "0 0 0 L-29 2 ?"])
    func impossibleSchedulesTerminateWithoutTimes(expression: String) throws {
        #expect(try fireTimes(expression, after: "2026-01-01T00:00:00Z", count: 5).isEmpty)
    }

    @Test func manyTimesAreOrderedAndDistinct() throws {
        let cron = try CronExpression("*/7 */11 * * * ?")
        let times = cron.nextFireTimes(
            after: try instant("2026-03-07T00:00:00Z"), count: 5000,
            in: try #require(TimeZone(identifier: "America/New_York"))
        )
        #expect(times.count == 5000)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 })
    }
}
