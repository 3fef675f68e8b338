import Foundation
import QuartzCron
import Testing

/// Steps, lists, ranges (including Quartz's wrap-around ranges) and names.
@Suite struct FieldSyntaxTests {
    @Test func stepsFromTheStartOfTheField() throws {
        #expect(try fireTimes("*/20 * * * * ?", after: "2026-01-01T00:00:00Z", count: 3) == [
            "2026-01-01T00:00:20Z", "2026-01-01T00:00:40Z", "2026-01-01T00:01:00Z",
        ])
    }

    @Test func stepsFromAValue() throws {
        #expect(try fireTimes("5/20 * * * * ?", after: "2026-01-01T00:00:00Z", count: 4) == [
            "2026-01-01T00:00:05Z", "2026-01-01T00:00:25Z", "2026-01-01T00:00:45Z", "2026-01-01T00:01:05Z",
        ])
        #expect(try fireTimes("0 0 1/5 * * ?", after: "2026-01-01T00:00:00Z", count: 6) == [
            "2026-01-01T01:00:00Z", "2026-01-01T06:00:00Z", "2026-01-01T11:00:00Z",
            "2026-01-01T16:00:00Z", "2026-01-01T21:00:00Z", "2026-01-02T01:00:00Z",
        ])
        #expect(try fireTimes("0 0 12 1/10 * ?", after: "2026-01-01T00:00:00Z", count: 5) == [
            "2026-01-01T12:00:00Z", "2026-01-11T12:00:00Z", "2026-01-21T12:00:00Z",
            "2026-01-31T12:00:00Z", "2026-02-01T12:00:00Z",
        ])
        #expect(try fireTimes("0 0 0 1 1/5 ?", after: "2025-12-15T00:00:00Z", count: 4) == [
            "2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z", "2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z",
        ])
    }

    @Test func quartzReadsALeadingSlashAsStar() throws {
        #expect(try fireTimes("0 /15 * * * ?", after: "2026-01-01T00:00:00Z", count: 2)
            == fireTimes("0 */15 * * * ?", after: "2026-01-01T00:00:00Z", count: 2))
    }

    @Test func rangeSteps() throws {
        #expect(try fireTimes("0 0 10-20/5 * * ?", after: "2026-01-01T00:00:00Z", count: 4) == [
            "2026-01-01T10:00:00Z", "2026-01-01T15:00:00Z", "2026-01-01T20:00:00Z", "2026-01-02T10:00:00Z",
        ])
        // Monday, Wednesday, Friday.
        #expect(try fireTimes("0 0 12 ? * 2/2", after: "2026-01-04T00:00:00Z", count: 4) == [
            "2026-01-05T12:00:00Z", "2026-01-07T12:00:00Z", "2026-01-09T12:00:00Z", "2026-01-12T12:00:00Z",
        ])
    }

    @Test func lists() throws {
        #expect(try fireTimes("0 0 9,12,17 * * ?", after: "2026-01-01T10:00:00Z", count: 3) == [
            "2026-01-01T12:00:00Z", "2026-01-01T17:00:00Z", "2026-01-02T09:00:00Z",
        ])
        #expect(try fireTimes("0 15,45 8-9 * * ?", after: "2026-01-01T00:00:00Z", count: 5) == [
            "2026-01-01T08:15:00Z", "2026-01-01T08:45:00Z", "2026-01-01T09:15:00Z",
            "2026-01-01T09:45:00Z", "2026-01-02T08:15:00Z",
        ])
    }

    @Test func rangesAndWeekdayNames() throws {
        // 2026-01-02 is a Friday.
        #expect(try fireTimes("0 0 9-11 ? * MON-FRI", after: "2026-01-02T10:30:00Z", count: 3) == [
            "2026-01-02T11:00:00Z", "2026-01-05T09:00:00Z", "2026-01-05T10:00:00Z",
        ])
        #expect(try fireTimes("0 0 12 ? * mon,Wed,FRI", after: "2026-01-01T00:00:00Z", count: 3) == [
            "2026-01-02T12:00:00Z", "2026-01-05T12:00:00Z", "2026-01-07T12:00:00Z",
        ])
    }

    @Test func monthNames() throws {
        #expect(try fireTimes("0 0 0 1 jan,Jul ?", after: "2025-12-15T00:00:00Z", count: 3) == [
            "2026-01-01T00:00:00Z", "2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z",
        ])
        #expect(try fireTimes("0 0 0 1 MAR-MAY ?", after: "2026-01-01T00:00:00Z", count: 4) == [
            "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", "2027-03-01T00:00:00Z",
        ])
    }

    @Test func hourRangesWrapPastMidnight() throws {
        #expect(try fireTimes("0 0 22-2 * * ?", after: "2026-01-01T20:00:00Z", count: 6) == [
            "2026-01-01T22:00:00Z", "2026-01-01T23:00:00Z", "2026-01-02T00:00:00Z",
            "2026-01-02T01:00:00Z", "2026-01-02T02:00:00Z", "2026-01-02T22:00:00Z",
        ])
        // Quartz steps through the wrapped range: 22, 0, 2, 4.
        #expect(try fireTimes("0 0 22-4/2 * * ?", after: "2026-01-01T20:00:00Z", count: 5) == [
            "2026-01-01T22:00:00Z", "2026-01-02T00:00:00Z", "2026-01-02T02:00:00Z",
            "2026-01-02T04:00:00Z", "2026-01-02T22:00:00Z",
        ])
    }

    @Test func weekdayRangesWrapPastSaturday() throws {
        // FRI-MON: Friday, Saturday, Sunday, Monday.
        #expect(try fireTimes("0 0 12 ? * FRI-MON", after: "2026-01-01T00:00:00Z", count: 5) == [
            "2026-01-02T12:00:00Z", "2026-01-03T12:00:00Z", "2026-01-04T12:00:00Z",
            "2026-01-05T12:00:00Z", "2026-01-09T12:00:00Z",
        ])
        #expect(try fireTimes("0 0 12 ? * 6-2", after: "2026-01-01T00:00:00Z", count: 5)
            == fireTimes("0 0 12 ? * FRI-MON", after: "2026-01-01T00:00:00Z", count: 5))
    }

    @Test func monthAndDayRangesWrap() throws {
        #expect(try fireTimes("0 0 0 1 NOV-FEB ?", after: "2026-01-15T00:00:00Z", count: 5) == [
            "2026-02-01T00:00:00Z", "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z",
            "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z",
        ])
        // 30-2 is 30, 31, 1, 2; February has neither 30 nor 31.
        #expect(try fireTimes("0 0 0 30-2 * ?", after: "2026-01-15T00:00:00Z", count: 7) == [
            "2026-01-30T00:00:00Z", "2026-01-31T00:00:00Z", "2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z",
            "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", "2026-03-30T00:00:00Z",
        ])
    }

    @Test func dayOfMonthSkipsMonthsWithoutIt() throws {
        #expect(try fireTimes("0 0 0 31 * ?", after: "2026-01-31T00:00:00Z", count: 3) == [
            "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z",
        ])
    }
}
