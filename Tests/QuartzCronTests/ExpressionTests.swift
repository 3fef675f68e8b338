import Foundation
import QuartzCron
import Testing

/// Fields, normalization and equality.
@Suite struct ExpressionTests {
    @Test func fieldNames() {
        #expect(CronExpression.fieldNames == ["second", "minute", "hour", "day-of-month", "month", "day-of-week"])
    }

    @Test func fieldsAreKeptAsGivenButTrimmed() throws {
        #expect(try CronExpression("  0   30\t2 * * ?  ").fields == ["0", "30", "2", "*", "*", "?"])
        #expect(try CronExpression(fields: [" 0", "30 ", "2", "?", "*", " mon-fri "]).fields
            == ["0", "30", "2", "?", "*", "mon-fri"])
        #expect(try CronExpression("0 30 2 ? jan mon").description == "0 30 2 ? jan mon")
    }

    @Test func bothInitializersParseTheSameSchedule() throws {
        let text = try CronExpression("0 15 10 ? * 6L")
        let fields = try CronExpression(fields: ["0", "15", "10", "?", "*", "6L"])
        #expect(text == fields)
        let after = try instant("2026-01-01T00:00:00Z")
        #expect(text.nextFireTimes(after: after, count: 3, in: .gmt) == fields.nextFireTimes(after: after, count: 3, in: .gmt))
    }

    @Test(arguments: [
        (" mon-fri ", "MON-FRI"),
        ("jan,Jul", "JAN,JUL"),
        ("Nov-feb", "NOV-FEB"),
        ("fri#3", "FRI#3"),
        ("6l", "6L"),
        ("15w", "15W"),
        ("\tlw\n", "LW"),
        ("l-3", "L-3"),
        ("0/5", "0/5"),
        ("?", "?"),
        ("", ""),
    ])
    func normalizedField(field: String, normalized: String) {
        #expect(CronExpression.normalizedField(field) == normalized)
    }

    @Test func equalityIgnoresTheCaseOfNames() throws {
        let lower = try CronExpression("0 0 2 ? jan mon-fri")
        let upper = try CronExpression("0 0 2 ? JAN MON-FRI")
        #expect(lower == upper)
        #expect(lower.hashValue == upper.hashValue)
        #expect(Set([lower, upper]).count == 1)
        #expect(lower != (try CronExpression("0 0 3 ? JAN MON-FRI")))
    }

    @Test func lettersAreCaseInsensitive() throws {
        let after = "2026-01-01T00:00:00Z"
        #expect(try fireTimes("0 0 12 lw * ?", after: after, count: 3) == fireTimes("0 0 12 LW * ?", after: after, count: 3))
        #expect(try fireTimes("0 0 12 ? * 5l", after: after, count: 3) == fireTimes("0 0 12 ? * 5L", after: after, count: 3))
        #expect(try fireTimes("0 0 12 15w * ?", after: after, count: 3) == fireTimes("0 0 12 15W * ?", after: after, count: 3))
    }

    @Test func leadingZerosAreAccepted() throws {
        #expect(try CronExpression("00 05 02 01 01 ?") == CronExpression("00 05 02 01 01 ?"))
        #expect(try fireTimes("00 05 02 01 01 ?", after: "2026-01-01T00:00:00Z", count: 1) == ["2026-01-01T02:05:00Z"])
    }
}
