import Foundation
import QuartzCron
import Testing

/// Transitions in 2026: America/New_York springs forward 02:00 EST -> 03:00 EDT on
/// 03-08 and falls back 02:00 EDT -> 01:00 EST on 11-01; Europe/Berlin springs forward
/// 02:00 CET -> 03:00 CEST on 03-29 and falls back 03:00 CEST -> 02:00 CET on 10-25.
@Suite struct DaylightSavingTests {
    static let newYork = "America/New_York"
    static let berlin = "Europe/Berlin"

    // MARK: Daily 02:30

    @Test func dailyInTheSpringGapShiftsForwardNewYork() throws {
        #expect(try fireTimes("0 30 2 * * ?", after: "2026-03-07T00:00:00-05:00", count: 3, zone: Self.newYork)
            == expectedTimes(["2026-03-07T02:30:00-05:00", "2026-03-08T03:30:00-04:00", "2026-03-09T02:30:00-04:00"]))
    }

    @Test func dailyInTheSpringGapShiftsForwardBerlin() throws {
        #expect(try fireTimes("0 30 2 * * ?", after: "2026-03-28T00:00:00+01:00", count: 3, zone: Self.berlin)
            == expectedTimes(["2026-03-28T02:30:00+01:00", "2026-03-29T03:30:00+02:00", "2026-03-30T02:30:00+02:00"]))
    }

    @Test func shiftedTimeIsFoundFromInsideTheShift() throws {
        // After 03:10 EDT the day's shifted 02:30 (03:30 EDT) is still ahead.
        #expect(try fireTimes("0 30 2 * * ?", after: "2026-03-08T03:10:00-04:00", count: 2, zone: Self.newYork)
            == expectedTimes(["2026-03-08T03:30:00-04:00", "2026-03-09T02:30:00-04:00"]))
    }

    @Test func shiftedTimeCoincidingWithAnotherMatchFiresOnce() throws {
        // 02:30 shifts onto 03:30, which also matches: one fire.
        #expect(try fireTimes("0 30 2,3 * * ?", after: "2026-03-08T00:00:00-05:00", count: 3, zone: Self.newYork)
            == expectedTimes(["2026-03-08T03:30:00-04:00", "2026-03-09T02:30:00-04:00", "2026-03-09T03:30:00-04:00"]))
    }

    @Test func dailyOnTheFallBackDayNewYork() throws {
        // 02:30 is not repeated in New York (01:00-01:59 is).
        #expect(try fireTimes("0 30 2 * * ?", after: "2026-10-31T00:00:00-04:00", count: 3, zone: Self.newYork)
            == expectedTimes(["2026-10-31T02:30:00-04:00", "2026-11-01T02:30:00-05:00", "2026-11-02T02:30:00-05:00"]))
    }

    @Test func dailyInTheRepeatedHourFiresAtItsFirstOccurrenceNewYork() throws {
        #expect(try fireTimes("0 30 1 * * ?", after: "2026-10-31T12:00:00-04:00", count: 2, zone: Self.newYork)
            == expectedTimes(["2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"]))
    }

    @Test func dailyInTheRepeatedHourFiresAtItsFirstOccurrenceBerlin() throws {
        #expect(try fireTimes("0 30 2 * * ?", after: "2026-10-24T00:00:00+02:00", count: 3, zone: Self.berlin)
            == expectedTimes(["2026-10-24T02:30:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"]))
    }

    @Test func repeatedWallTimeDoesNotFireAgainFromInsideTheRepeat() throws {
        // After 01:15 EST (the second 01:15) the 01:30 already fired at 01:30 EDT.
        #expect(try fireTimes("0 30 1 * * ?", after: "2026-11-01T01:15:00-05:00", count: 1, zone: Self.newYork)
            == expectedTimes(["2026-11-02T01:30:00-05:00"]))
    }

    // MARK: Every 30 minutes

    @Test func everyThirtyMinutesAcrossSpringForwardNewYork() throws {
        // 02:00 and 02:30 shift onto 03:00 and 03:30, which match anyway: no duplicates.
        #expect(try fireTimes("0 0/30 * * * ?", after: "2026-03-08T01:00:00-05:00", count: 4, zone: Self.newYork)
            == expectedTimes([
                "2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00",
                "2026-03-08T03:30:00-04:00", "2026-03-08T04:00:00-04:00",
            ]))
    }

    @Test func everyThirtyMinutesAcrossSpringForwardBerlin() throws {
        #expect(try fireTimes("0 0/30 * * * ?", after: "2026-03-29T01:00:00+01:00", count: 4, zone: Self.berlin)
            == expectedTimes([
                "2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00",
                "2026-03-29T03:30:00+02:00", "2026-03-29T04:00:00+02:00",
            ]))
    }

    @Test func everyThirtyMinutesAcrossFallBackNewYork() throws {
        // The repeated 01:00 and 01:30 (EST) do not fire again.
        #expect(try fireTimes("0 0/30 * * * ?", after: "2026-11-01T00:00:00-04:00", count: 5, zone: Self.newYork)
            == expectedTimes([
                "2026-11-01T00:30:00-04:00", "2026-11-01T01:00:00-04:00", "2026-11-01T01:30:00-04:00",
                "2026-11-01T02:00:00-05:00", "2026-11-01T02:30:00-05:00",
            ]))
    }

    @Test func everyThirtyMinutesAcrossFallBackBerlin() throws {
        #expect(try fireTimes("0 0/30 * * * ?", after: "2026-10-25T01:00:00+02:00", count: 5, zone: Self.berlin)
            == expectedTimes([
                "2026-10-25T01:30:00+02:00", "2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00",
                "2026-10-25T03:00:00+01:00", "2026-10-25T03:30:00+01:00",
            ]))
    }

    @Test func everyThirtyMinutesFromInsideTheRepeatedHour() throws {
        #expect(try fireTimes("0 0/30 * * * ?", after: "2026-11-01T01:15:00-05:00", count: 2, zone: Self.newYork)
            == expectedTimes(["2026-11-01T02:00:00-05:00", "2026-11-01T02:30:00-05:00"]))
    }

    // MARK: Other gaps

    @Test func shiftedTimesAreOrderedAmongLaterMatchesInAHalfHourGap() throws {
        // Lord Howe Island springs forward 02:00 -> 02:30 (+10:30 -> +11:00) on 2026-10-04:
        // 02:10 shifts to 02:40, after the real 02:30.
        #expect(try fireTimes("0 10,30 2 * * ?", after: "2026-10-03T12:00:00+10:30", count: 4, zone: "Australia/Lord_Howe")
            == expectedTimes([
                "2026-10-04T02:30:00+11:00", "2026-10-04T02:40:00+11:00",
                "2026-10-05T02:10:00+11:00", "2026-10-05T02:30:00+11:00",
            ]))
    }

    @Test func aSkippedDayFiresOnceOnTheNextDay() throws {
        // Samoa skipped 2011-12-30 (-10:00 -> +14:00): its noon shifts onto the 31st's noon.
        #expect(try fireTimes("0 0 12 * * ?", after: "2011-12-29T00:00:00-10:00", count: 3, zone: "Pacific/Apia")
            == expectedTimes(["2011-12-29T12:00:00-10:00", "2011-12-31T12:00:00+14:00", "2012-01-01T12:00:00+14:00"]))
    }
}
