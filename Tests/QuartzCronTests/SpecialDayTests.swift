import Foundation
import QuartzCron
import Testing

/// Day-of-month L, L-n, LW, nW and day-of-week L, nL, n#k, on dates checked by hand
/// against the 2026 calendar (2026-01-01 is a Thursday).
@Suite struct SpecialDayTests {
    @Test func lastDayOfMonth() throws {
        #expect(try fireTimes("0 0 12 L * ?", after: "2026-01-01T00:00:00Z", count: 4) == [
            "2026-01-31T12:00:00Z", "2026-02-28T12:00:00Z", "2026-03-31T12:00:00Z", "2026-04-30T12:00:00Z",
        ])
        #expect(try fireTimes("0 0 12 L * ?", after: "2028-02-01T00:00:00Z", count: 1) == ["2028-02-29T12:00:00Z"])
    }

    @Test func daysBeforeTheLastDay() throws {
        #expect(try fireTimes("0 0 12 L-3 * ?", after: "2026-01-01T00:00:00Z", count: 4) == [
            "2026-01-28T12:00:00Z", "2026-02-25T12:00:00Z", "2026-03-28T12:00:00Z", "2026-04-27T12:00:00Z",
        ])
    }

    @Test func offsetPastTheFirstDaySkipsTheMonth() throws {
        // L-30 is the 1st in 31-day months and does not exist in shorter ones.
        #expect(try fireTimes("0 0 0 L-30 * ?", after: "2026-01-15T00:00:00Z", count: 3) == [
            "2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z", "2026-07-01T00:00:00Z",
        ])
    }

    @Test func lastWeekdayOfMonth() throws {
        // Jan 31 and Feb 28 are Saturdays, May 31 a Sunday.
        #expect(try fireTimes("0 0 12 LW * ?", after: "2026-01-01T00:00:00Z", count: 5) == [
            "2026-01-30T12:00:00Z", "2026-02-27T12:00:00Z", "2026-03-31T12:00:00Z",
            "2026-04-30T12:00:00Z", "2026-05-29T12:00:00Z",
        ])
    }

    @Test func weekdayNearestDaysBeforeTheLast() throws {
        // L-1: Jan 30 (Fri), Feb 27 (Fri), Mar 30 (Mon), Apr 29 (Wed), May 30 (Sat -> Fri 29).
        #expect(try fireTimes("0 0 12 L-1W * ?", after: "2026-01-01T00:00:00Z", count: 5) == [
            "2026-01-30T12:00:00Z", "2026-02-27T12:00:00Z", "2026-03-30T12:00:00Z",
            "2026-04-29T12:00:00Z", "2026-05-29T12:00:00Z",
        ])
    }

    @Test func nearestWeekday() throws {
        // Jan 15 is a Thursday; Feb 15 and Mar 15 are Sundays (-> Monday 16th).
        #expect(try fireTimes("0 0 12 15W * ?", after: "2026-01-01T00:00:00Z", count: 3) == [
            "2026-01-15T12:00:00Z", "2026-02-16T12:00:00Z", "2026-03-16T12:00:00Z",
        ])
        // Aug 15 is a Saturday (-> Friday 14th).
        #expect(try fireTimes("0 0 12 15W * ?", after: "2026-08-01T00:00:00Z", count: 1) == ["2026-08-14T12:00:00Z"])
    }

    @Test func nearestWeekdayDoesNotLeaveTheMonth() throws {
        // Aug 1 is a Saturday: Monday the 3rd, not Friday July 31.
        #expect(try fireTimes("0 0 12 1W * ?", after: "2026-07-15T00:00:00Z", count: 1) == ["2026-08-03T12:00:00Z"])
        // Nov 1 is a Sunday: Monday the 2nd.
        #expect(try fireTimes("0 0 12 1W * ?", after: "2026-10-15T00:00:00Z", count: 1) == ["2026-11-02T12:00:00Z"])
        // May 31 is a Sunday and the last day: Friday the 29th, not June 1.
        #expect(try fireTimes("0 0 12 31W * ?", after: "2026-05-01T00:00:00Z", count: 1) == ["2026-05-29T12:00:00Z"])
    }

    @Test func nearestWeekdayToADayTheMonthLacksDoesNotFire() throws {
        // 31W skips April and June (30 days); May 31 is a Sunday (-> 29th), Jul 31 a Friday, Aug 31 a Monday.
        #expect(try fireTimes("0 0 12 31W * ?", after: "2026-04-01T00:00:00Z", count: 3) == [
            "2026-05-29T12:00:00Z", "2026-07-31T12:00:00Z", "2026-08-31T12:00:00Z",
        ])
    }

    @Test func nthWeekday() throws {
        // Third Friday: Jan 16, Feb 20, Mar 20.
        let expected = ["2026-01-16T09:00:00Z", "2026-02-20T09:00:00Z", "2026-03-20T09:00:00Z"]
        #expect(try fireTimes("0 0 9 ? * 6#3", after: "2026-01-01T00:00:00Z", count: 3) == expected)
        #expect(try fireTimes("0 0 9 ? * fri#3", after: "2026-01-01T00:00:00Z", count: 3) == expected)
    }

    @Test func fifthWeekdayFiresOnlyInMonthsThatHaveOne() throws {
        #expect(try fireTimes("0 0 9 ? * 2#5", after: "2026-01-01T00:00:00Z", count: 3) == [
            "2026-03-30T09:00:00Z", "2026-06-29T09:00:00Z", "2026-08-31T09:00:00Z",
        ])
        // A fifth Monday in February: leap years whose February starts on a Monday.
        #expect(try fireTimes("0 0 0 ? 2 2#5", after: "2026-01-01T00:00:00Z", count: 2) == [
            "2044-02-29T00:00:00Z", "2072-02-29T00:00:00Z",
        ])
    }

    @Test func lastWeekdayOfTheMonth() throws {
        // Last Thursday: Jan 29, Feb 26, Mar 26.
        let expected = ["2026-01-29T18:00:00Z", "2026-02-26T18:00:00Z", "2026-03-26T18:00:00Z"]
        #expect(try fireTimes("0 0 18 ? * 5L", after: "2026-01-01T00:00:00Z", count: 3) == expected)
        #expect(try fireTimes("0 0 18 ? * THUL", after: "2026-01-01T00:00:00Z", count: 3) == expected)
    }

    @Test func weekdayLAloneIsSaturday() throws {
        #expect(try fireTimes("0 0 12 ? * L", after: "2026-01-01T00:00:00Z", count: 2) == [
            "2026-01-03T12:00:00Z", "2026-01-10T12:00:00Z",
        ])
    }
}
