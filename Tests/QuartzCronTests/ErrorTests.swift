import QuartzCron
import Testing

/// Every error kind, with its exact message and the offsets of the offending character.
@Suite struct ErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var expression: String
        var message: String
        var fieldIndex: Int?
        var offsetInField: Int
        var offset: Int
        var testDescription: String { expression.debugDescription }
    }

    static func error(_ expression: String) -> CronError? {
        do {
            _ = try CronExpression(expression)
            return nil
        } catch {
            return error
        }
    }

    static func error(fields: [String]) -> CronError? {
        do {
            _ = try CronExpression(fields: fields)
            return nil
        } catch {
            return error
        }
    }

    static let expressionCases: [Case] = [
        // Shape of the expression.
        Case(expression: "0 30 2 * *", message: "expected 6 fields (second minute hour day-of-month month day-of-week), found 5",
             fieldIndex: nil, offsetInField: 0, offset: 10),
        Case(expression: "  0 30 2 * *  ", message: "expected 6 fields (second minute hour day-of-month month day-of-week), found 5",
             fieldIndex: nil, offsetInField: 0, offset: 12),
        Case(expression: "", message: "expected 6 fields (second minute hour day-of-month month day-of-week), found 0",
             fieldIndex: nil, offsetInField: 0, offset: 0),
        Case(expression: "0 30 2 * * ? 2026", message: "a 7th field (year) is not supported: the JMR API has no year field",
             fieldIndex: nil, offsetInField: 0, offset: 13),
        Case(expression: "0 30 2 * * ?  * 1", message: "a 7th field (year) is not supported: the JMR API has no year field",
             fieldIndex: nil, offsetInField: 0, offset: 14),
        // Values out of range, at the first digit.
        Case(expression: "0 75 2 * * ?", message: "minute 75 is out of range 0-59", fieldIndex: 1, offsetInField: 0, offset: 2),
        Case(expression: "60 0 2 * * ?", message: "second 60 is out of range 0-59", fieldIndex: 0, offsetInField: 0, offset: 0),
        Case(expression: "0 0 24 * * ?", message: "hour 24 is out of range 0-23", fieldIndex: 2, offsetInField: 0, offset: 4),
        Case(expression: "0 0 2-25 * * ?", message: "hour 25 is out of range 0-23", fieldIndex: 2, offsetInField: 2, offset: 6),
        Case(expression: "0 0 2 32 * ?", message: "day-of-month 32 is out of range 1-31", fieldIndex: 3, offsetInField: 0, offset: 6),
        Case(expression: "0 0 2 0W * ?", message: "day-of-month 0 is out of range 1-31", fieldIndex: 3, offsetInField: 0, offset: 6),
        Case(expression: "0 0 2 1 13 ?", message: "month 13 is out of range 1-12", fieldIndex: 4, offsetInField: 0, offset: 8),
        Case(expression: "0 0 2 ? * 0", message: "day-of-week 0 is out of range 1-7", fieldIndex: 5, offsetInField: 0, offset: 10),
        Case(expression: "0 0 2 ? * 8#2", message: "day-of-week 8 is out of range 1-7", fieldIndex: 5, offsetInField: 0, offset: 10),
        Case(expression: "0 0 2 ? * 1,9L", message: "day-of-week 9 is out of range 1-7", fieldIndex: 5, offsetInField: 2, offset: 12),
        Case(expression: "99999999999999999999 0 2 * * ?", message: "second 99999999999999999999 is out of range 0-59",
             fieldIndex: 0, offsetInField: 0, offset: 0),
        // Steps.
        Case(expression: "0 0/60 2 * * ?", message: "minute step 60 is out of range 1-59", fieldIndex: 1, offsetInField: 2, offset: 4),
        Case(expression: "0 */0 2 * * ?", message: "minute step 0 is out of range 1-59", fieldIndex: 1, offsetInField: 2, offset: 4),
        Case(expression: "0 0 2 ? * 1/8", message: "day-of-week step 8 is out of range 1-7", fieldIndex: 5, offsetInField: 2, offset: 12),
        Case(expression: "0 0/ 2 * * ?", message: "expected a number after '/' in minute", fieldIndex: 1, offsetInField: 2, offset: 4),
        // Missing values and stray characters.
        Case(expression: "0 0 1- * * ?", message: "expected a number after '-' in hour", fieldIndex: 2, offsetInField: 2, offset: 6),
        Case(expression: "0 0 1,,2 * * ?", message: "expected a value after ',' in hour", fieldIndex: 2, offsetInField: 2, offset: 6),
        Case(expression: "0 0 1, * * ?", message: "expected a value after ',' in hour", fieldIndex: 2, offsetInField: 2, offset: 6),
        Case(expression: "0 0 ,1 * * ?", message: "unexpected character ',' in hour", fieldIndex: 2, offsetInField: 0, offset: 4),
        Case(expression: "0 0 x * * ?", message: "unexpected character 'x' in hour", fieldIndex: 2, offsetInField: 0, offset: 4),
        Case(expression: "0 0 L * * ?", message: "unexpected character 'L' in hour", fieldIndex: 2, offsetInField: 0, offset: 4),
        Case(expression: "0 0 2 1;2 * ?", message: "unexpected character ';' in day-of-month", fieldIndex: 3, offsetInField: 1, offset: 7),
        Case(expression: "0 *-5 2 * * ?", message: "unexpected character '-' in minute", fieldIndex: 1, offsetInField: 1, offset: 3),
        Case(expression: "0 0 2 ? * 5W", message: "unexpected character 'W' in day-of-week", fieldIndex: 5, offsetInField: 1, offset: 11),
        Case(expression: "0 0 2 6#3 * ?", message: "unexpected character '#' in day-of-month", fieldIndex: 3, offsetInField: 1, offset: 7),
        Case(expression: "0 0 2 1 1JAN ?", message: "unexpected character 'J' in month", fieldIndex: 4, offsetInField: 1, offset: 9),
        // Names.
        Case(expression: "0 0 2 1 JANUARY ?", message: "unknown month name 'JANUARY' (use JAN-DEC or 1-12)",
             fieldIndex: 4, offsetInField: 0, offset: 8),
        Case(expression: "0 0 2 ? * MON-fry", message: "unknown day-of-week name 'fry' (use SUN-SAT or 1-7)",
             fieldIndex: 5, offsetInField: 4, offset: 14),
        Case(expression: "0 0 2 ? * MON-5", message: "a range in day-of-week must use names on both ends or numbers on both ends",
             fieldIndex: 5, offsetInField: 4, offset: 14),
        Case(expression: "0 0 2 1 1-MAR ?", message: "a range in month must use names on both ends or numbers on both ends",
             fieldIndex: 4, offsetInField: 2, offset: 10),
        Case(expression: "0 0 2 ? * MON-FRI/2", message: "a step cannot follow a name in day-of-week (Quartz ignores it); use numbers, e.g. 2-6/2",
             fieldIndex: 5, offsetInField: 7, offset: 17),
        Case(expression: "0 0 2 1 JAN/3 ?", message: "a step cannot follow a name in month (Quartz ignores it); use numbers, e.g. 1-12/3",
             fieldIndex: 4, offsetInField: 3, offset: 11),
        // '?'.
        Case(expression: "? 0 2 * * ?", message: "'?' is only allowed in day-of-month and day-of-week", fieldIndex: 0, offsetInField: 0, offset: 0),
        Case(expression: "0 0 2 1,? * ?", message: "'?' must stand alone in day-of-month", fieldIndex: 3, offsetInField: 2, offset: 8),
        Case(expression: "0 0 2 * * ?1", message: "'?' must stand alone in day-of-week", fieldIndex: 5, offsetInField: 1, offset: 11),
        Case(expression: "0 0 2 ? * ?", message: "exactly one of day-of-month and day-of-week must be '?'", fieldIndex: 5, offsetInField: 0, offset: 10),
        Case(expression: "0 0 2 * * *", message: "exactly one of day-of-month and day-of-week must be '?'", fieldIndex: 5, offsetInField: 0, offset: 10),
        Case(expression: "0 0 2 * * MON", message: "exactly one of day-of-month and day-of-week must be '?'", fieldIndex: 3, offsetInField: 0, offset: 6),
        Case(expression: "0 0 2 15 * MON", message: "exactly one of day-of-month and day-of-week must be '?'", fieldIndex: 5, offsetInField: 0, offset: 11),
        // L, W and # where they may not stand.
        Case(expression: "0 0 2 1,L * ?", message: "'L' must stand alone in day-of-month (L, LW, L-n or L-nW)", fieldIndex: 3, offsetInField: 2, offset: 8),
        Case(expression: "0 0 2 L,1 * ?", message: "'L' must stand alone in day-of-month (L, LW, L-n or L-nW)", fieldIndex: 3, offsetInField: 1, offset: 7),
        Case(expression: "0 0 2 L-3X * ?", message: "'L' must stand alone in day-of-month (L, LW, L-n or L-nW)", fieldIndex: 3, offsetInField: 3, offset: 9),
        Case(expression: "0 0 2 L- * ?", message: "expected a number after '-' in day-of-month", fieldIndex: 3, offsetInField: 2, offset: 8),
        Case(expression: "0 0 2 L-31 * ?", message: "offset from the last day 31 is out of range 0-30", fieldIndex: 3, offsetInField: 2, offset: 8),
        Case(expression: "0 0 2 1-15W * ?", message: "'W' must follow a single day and stand alone in day-of-month (e.g. 15W)",
             fieldIndex: 3, offsetInField: 4, offset: 10),
        Case(expression: "0 0 2 15W,20 * ?", message: "'W' must follow a single day and stand alone in day-of-month (e.g. 15W)",
             fieldIndex: 3, offsetInField: 3, offset: 9),
        Case(expression: "0 0 2 1,15W * ?", message: "'W' must follow a single day and stand alone in day-of-month (e.g. 15W)",
             fieldIndex: 3, offsetInField: 4, offset: 10),
        Case(expression: "0 0 2 W * ?", message: "'W' must follow a single day and stand alone in day-of-month (e.g. 15W)",
             fieldIndex: 3, offsetInField: 0, offset: 6),
        Case(expression: "0 0 2 ? * MON#6", message: "day-of-week occurrence 6 is out of range 1-5", fieldIndex: 5, offsetInField: 4, offset: 14),
        Case(expression: "0 0 2 ? * 6#0", message: "day-of-week occurrence 0 is out of range 1-5", fieldIndex: 5, offsetInField: 2, offset: 12),
        Case(expression: "0 0 2 ? * 6#", message: "expected a number after '#' in day-of-week", fieldIndex: 5, offsetInField: 2, offset: 12),
        Case(expression: "0 0 2 ? * 1,6#3", message: "'#' must follow a single day and stand alone in day-of-week (e.g. 6#3 or FRI#3)",
             fieldIndex: 5, offsetInField: 3, offset: 13),
        Case(expression: "0 0 2 ? * 6#3,2#1", message: "'#' must follow a single day and stand alone in day-of-week (e.g. 6#3 or FRI#3)",
             fieldIndex: 5, offsetInField: 3, offset: 13),
        Case(expression: "0 0 2 ? * 1,5L", message: "'L' must stand alone in day-of-week (L, or e.g. 6L or FRIL for the last Friday)",
             fieldIndex: 5, offsetInField: 3, offset: 13),
        Case(expression: "0 0 2 ? * L,1", message: "'L' must stand alone in day-of-week (L, or e.g. 6L or FRIL for the last Friday)",
             fieldIndex: 5, offsetInField: 1, offset: 11),
        Case(expression: "0 0 2 ? * MON,FRIL", message: "'L' must stand alone in day-of-week (L, or e.g. 6L or FRIL for the last Friday)",
             fieldIndex: 5, offsetInField: 7, offset: 17),
        // Offsets count Unicode scalars: U+00A0 and U+3000 are single scalars (and whitespace).
        Case(expression: "\u{00A0}0 75 2 * * ?", message: "minute 75 is out of range 0-59", fieldIndex: 1, offsetInField: 0, offset: 3),
    ]

    @Test(arguments: expressionCases)
    func expressionErrors(_ expected: Case) {
        let error = Self.error(expected.expression)
        #expect(error == CronError(
            message: expected.message, fieldIndex: expected.fieldIndex,
            offsetInField: expected.offsetInField, offset: expected.offset
        ))
    }

    /// ASCII expressions are parsed in place from their bytes; a non-ASCII space in front
    /// sends the same expression through the Unicode-scalar path, one scalar further on.
    @Test(arguments: expressionCases.filter { $0.fieldIndex != nil && $0.expression.utf8.allSatisfy { $0 < 0x80 } })
    func asciiAndUnicodePathsAgree(_ expected: Case) {
        let ascii = Self.error(expected.expression)
        let unicode = Self.error("\u{3000}" + expected.expression)
        #expect(unicode?.message == ascii?.message)
        #expect(unicode?.fieldIndex == ascii?.fieldIndex)
        #expect(unicode?.offsetInField == ascii?.offsetInField)
        #expect(unicode?.offset == ascii.map { $0.offset + 1 })
        let fields = expected.expression.split(separator: " ").map(String.init)
        #expect(Self.error(fields: fields) == Self.error(fields: fields.map { "\u{3000}" + $0 }).map {
            CronError(message: $0.message, fieldIndex: $0.fieldIndex, offsetInField: $0.offsetInField - 1, offset: $0.offset - 1)
        })
    }

    @Test func nonASCIILettersAreUnexpectedAtTheirScalarOffset() {
        // U+3000 (a space), é (U+00E9) and Ö (U+00D6) are one scalar each.
        #expect(Self.error("0\u{3000}0 2 ? * \u{00E9}") == CronError(
            message: "unexpected character 'é' in day-of-week", fieldIndex: 5, offsetInField: 0, offset: 10))
        #expect(Self.error("0 0 2 ? * M\u{00D6}N") == CronError(
            message: "unexpected character 'Ö' in day-of-week", fieldIndex: 5, offsetInField: 1, offset: 11))
    }

    @Test func fieldsOfTheWrongNumber() {
        #expect(Self.error(fields: ["0", "30", "2", "*", "*"]) == CronError(
            message: "expected 6 fields (second minute hour day-of-month month day-of-week), found 5",
            fieldIndex: nil, offsetInField: 0, offset: 0))
        #expect(Self.error(fields: ["0", "30", "2", "*", "*", "?", "2026"]) == CronError(
            message: "a 7th field (year) is not supported: the JMR API has no year field",
            fieldIndex: nil, offsetInField: 0, offset: 0))
    }

    @Test func fieldErrorsCountFromTheFieldAsPassed() {
        #expect(Self.error(fields: ["0", " 75 ", "2", "*", "*", "?"]) == CronError(
            message: "minute 75 is out of range 0-59", fieldIndex: 1, offsetInField: 1, offset: 1))
        #expect(Self.error(fields: ["0", "0", "2", "?", "*", "MON#6"]) == CronError(
            message: "day-of-week occurrence 6 is out of range 1-5", fieldIndex: 5, offsetInField: 4, offset: 4))
        #expect(Self.error(fields: ["0", "0", "2", "*", "*", "  *"]) == CronError(
            message: "exactly one of day-of-month and day-of-week must be '?'", fieldIndex: 5, offsetInField: 2, offset: 2))
    }

    @Test func emptyFields() {
        #expect(Self.error(fields: ["0", "", "2", "*", "*", "?"]) == CronError(
            message: "minute is empty", fieldIndex: 1, offsetInField: 0, offset: 0))
        #expect(Self.error(fields: ["0", "0", "2", "*", "*", "  "]) == CronError(
            message: "day-of-week is empty", fieldIndex: 5, offsetInField: 2, offset: 2))
    }

    @Test func errorsDescribeThemselvesByTheirMessage() {
        #expect(Self.error("0 75 2 * * ?")?.description == "minute 75 is out of range 0-59")
    }
}
