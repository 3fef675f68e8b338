/// A Quartz cron expression with the six fields of the JMR API:
/// `time` (second), `minute`, `hour`, `day` (day-of-month), `month`, `week` (day-of-week).
///
/// Quartz syntax, case-insensitive: `*`; `?` (day-of-month or day-of-week, exactly one
/// of them); ranges `a-b`, which wrap past the maximum when `b < a` as in Quartz
/// (hour `22-2` is 22, 23, 0, 1, 2; `FRI-MON` is Friday to Monday; `NOV-FEB`);
/// lists `a,b`; steps `a/s`, `*/s` (or `/s`), `a-b/s`, with s at most the field's
/// maximum (59, 23, 31, 12, 7); month names `JAN`-`DEC` (1-12); weekday names `SUN`-`SAT`
/// (1 = Sunday). A range uses names on both ends or numbers on both ends, and names take
/// no step (Quartz rejects the mix and ignores the step, so both are refused here).
///
/// Day-of-month also takes, alone: `L` (last day), `L-n` (n days before it, n 0-30; no
/// fire in a month too short for it), `LW` (last weekday), `L-nW`, and `nW` (the weekday
/// nearest day n, never leaving the month: Saturday the 1st moves to Monday the 3rd, a
/// Sunday on the last day to the Friday before; a day the month lacks, like 31W in
/// April, does not fire). Day-of-week also takes, alone: `L` (= 7, Saturday), `nL` (the
/// last weekday n of the month) and `n#k` (the k-th weekday n, k 1-5; no fire in a
/// month without one), with numbers or names (`FRI#3`, `FRIL`). The optional 7th Quartz
/// field (year) is refused.
///
/// Two expressions are equal when their fields are equal after `normalizedField(_:)`.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// Field names in order, for messages: second, minute, hour, day-of-month, month, day-of-week.
    public static let fieldNames = ["second", "minute", "hour", "day-of-month", "month", "day-of-week"]

    /// The six fields as given (trimmed).
    public let fields: [String]
    private let normalizedFields: [String]
    let schedule: Schedule

    /// Parses a whitespace-separated Quartz expression with exactly 6 fields.
    ///
    /// Error offsets count Unicode scalars from the start of `expression`.
    public init(_ expression: String) throws(CronError) {
        let scalars = expression.unicodeScalars
        var tokens: [(start: Int, text: Substring.UnicodeScalarView)] = []
        var offset = 0
        var tokenStart: (offset: Int, index: String.UnicodeScalarView.Index)?
        var end = 0
        for index in scalars.indices {
            let isSpace = scalars[index].properties.isWhitespace
            if isSpace, let start = tokenStart {
                tokens.append((start.offset, Substring(scalars[start.index..<index]).unicodeScalars))
                tokenStart = nil
            } else if !isSpace {
                if tokenStart == nil { tokenStart = (offset, index) }
                end = offset + 1
            }
            offset += 1
        }
        if let start = tokenStart {
            tokens.append((start.offset, Substring(scalars[start.index...]).unicodeScalars))
        }
        if tokens.count > 6 {
            throw Self.yearFieldError(offset: tokens[6].start)
        }
        guard tokens.count == 6 else {
            throw Self.fieldCountError(found: tokens.count, offset: end)
        }
        try self.init(tokens: tokens.map { (0, $0.text) }, fieldStarts: tokens.map(\.start))
    }

    /// Parses the six fields (API order: time/second, minute, hour, day, month, week).
    ///
    /// Error offsets count Unicode scalars from the start of the field as passed,
    /// before trimming; `CronError.offset` equals `offsetInField`.
    public init(fields: [String]) throws(CronError) {
        if fields.count > 6 {
            throw Self.yearFieldError(offset: 0)
        }
        guard fields.count == 6 else {
            throw Self.fieldCountError(found: fields.count, offset: 0)
        }
        let tokens = fields.map { field in
            let trimmed = Self.trimmed(field)
            return (leading: trimmed.leading, text: trimmed.text)
        }
        try self.init(tokens: tokens, fieldStarts: nil)
    }

    /// Parses trimmed field texts; `leading` is the whitespace trimmed before each, and
    /// `fieldStarts` the offsets of the fields in the whole expression, if there is one.
    private init(
        tokens: [(leading: Int, text: Substring.UnicodeScalarView)],
        fieldStarts: [Int]?
    ) throws(CronError) {
        var parsed: [ParsedField] = []
        for (index, token) in tokens.enumerated() {
            var parser = FieldParser(kind: FieldKind(rawValue: index)!, text: token.text)
            do {
                parsed.append(try parser.parse())
            } catch {
                let inField = token.leading + error.position
                throw CronError(
                    message: error.message,
                    fieldIndex: index,
                    offsetInField: inField,
                    offset: (fieldStarts?[index] ?? 0) + inField
                )
            }
        }
        let fields = tokens.map { String(Substring($0.text)) }
        try Self.checkDayFields(fields, parsed: parsed, tokens: tokens, fieldStarts: fieldStarts)

        func values(_ field: ParsedField) -> BitSet {
            if case .values(let set) = field { return set }
            return BitSet()
        }
        self.fields = fields
        self.normalizedFields = fields.map(Self.normalizedField)
        self.schedule = Schedule(
            seconds: values(parsed[0]),
            minutes: values(parsed[1]),
            hours: values(parsed[2]),
            months: values(parsed[4]),
            dayOfMonth: parsed[3],
            dayOfWeek: parsed[5]
        )
    }

    /// Trims surrounding whitespace and upper-cases ASCII letters (month and weekday
    /// names, `L`, `W`), so equivalent spellings (`jan`, `Jan`, `JAN`; `mon-fri`) compare equal.
    public static func normalizedField(_ field: String) -> String {
        // Upper-casing ASCII bytes leaves the rest of the UTF-8 intact.
        String(decoding: Substring(trimmed(field).text).utf8.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }, as: UTF8.self)
    }

    /// The fields joined by single spaces.
    public var description: String { fields.joined(separator: " ") }

    public static func == (lhs: CronExpression, rhs: CronExpression) -> Bool {
        lhs.normalizedFields == rhs.normalizedFields
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(normalizedFields)
    }

    // MARK: Helpers

    private static func trimmed(_ field: String) -> (leading: Int, text: Substring.UnicodeScalarView) {
        let scalars = Substring(field).unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return (scalars.count, scalars[scalars.endIndex...]) }
        return (scalars.distance(from: scalars.startIndex, to: first), scalars[first...last])
    }

    /// Exactly one of day-of-month and day-of-week is '?'. When both are, the error
    /// points at the day-of-week '?'; when neither is, at whichever of the two is `*`
    /// (day-of-week first), else at day-of-week.
    private static func checkDayFields(
        _ fields: [String], parsed: [ParsedField],
        tokens: [(leading: Int, text: Substring.UnicodeScalarView)], fieldStarts: [Int]?
    ) throws(CronError) {
        let dayUnspecified = parsed[3] == .unspecified
        let weekUnspecified = parsed[5] == .unspecified
        guard dayUnspecified == weekUnspecified else { return }
        let index = !dayUnspecified && fields[5] != "*" && fields[3] == "*" ? 3 : 5
        let inField = tokens[index].leading
        throw CronError(
            message: "exactly one of day-of-month and day-of-week must be '?'",
            fieldIndex: index,
            offsetInField: inField,
            offset: (fieldStarts?[index] ?? 0) + inField
        )
    }

    private static func fieldCountError(found: Int, offset: Int) -> CronError {
        CronError(
            message: "expected 6 fields (second minute hour day-of-month month day-of-week), found \(found)",
            fieldIndex: nil, offsetInField: 0, offset: offset
        )
    }

    private static func yearFieldError(offset: Int) -> CronError {
        CronError(
            message: "a 7th field (year) is not supported: the JMR API has no year field",
            fieldIndex: nil, offsetInField: 0, offset: offset
        )
    }
}
