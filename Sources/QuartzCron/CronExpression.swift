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
        if let ascii = expression.utf8.withContiguousStorageIfAvailable(Self.parseASCII), let result = ascii {
            self = try result.get()
            return
        }
        let (tokens, end) = Self.scalarTokens(expression)
        if tokens.count > 6 {
            throw Self.yearFieldError(offset: tokens[6].start)
        }
        guard tokens.count == 6 else {
            throw Self.fieldCountError(found: tokens.count, offset: end)
        }
        var starts = Offsets()
        for index in 0..<6 { starts[index] = tokens[index].start }
        let texts = tokens.map(\.text)
        try self.init(fields: texts, leading: Offsets(), starts: starts) { (index) throws(FieldError) in
            try Self.parse(texts[index], kind: FieldKind(rawValue: index)!)
        }
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
        var texts: [String] = []
        texts.reserveCapacity(6)
        var leading = Offsets()
        for (index, field) in fields.enumerated() {
            let trimmed = Self.trimmed(field)
            texts.append(trimmed.text)
            leading[index] = trimmed.leading
        }
        try self.init(fields: texts, leading: leading, starts: Offsets()) { (index) throws(FieldError) in
            try Self.parse(texts[index], kind: FieldKind(rawValue: index)!)
        }
    }

    /// Up to seven small numbers (offsets or bounds, one per field) without an allocation.
    private struct Offsets {
        private var values: (Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0)

        init() {}

        subscript(index: Int) -> Int {
            get {
                precondition(index >= 0 && index < 7)
                return withUnsafeBytes(of: values) { $0.load(fromByteOffset: index * MemoryLayout<Int>.stride, as: Int.self) }
            }
            set {
                precondition(index >= 0 && index < 7)
                withUnsafeMutableBytes(of: &values) {
                    $0.storeBytes(of: newValue, toByteOffset: index * MemoryLayout<Int>.stride, as: Int.self)
                }
            }
        }
    }

    /// Parses six trimmed fields with `parse`. `leading` holds the whitespace trimmed
    /// before each field, and `starts` the offsets of the fields in the whole expression.
    private init(
        fields: [String], leading: Offsets, starts: Offsets, mayHaveLowercase: Bool = true,
        parse: (Int) throws(FieldError) -> ParsedField
    ) throws(CronError) {
        func field(_ index: Int) throws(CronError) -> ParsedField {
            do {
                return try parse(index)
            } catch {
                let inField = leading[index] + error.position
                throw CronError(
                    message: error.message,
                    fieldIndex: index,
                    offsetInField: inField,
                    offset: starts[index] + inField
                )
            }
        }
        let seconds = try field(0), minutes = try field(1), hours = try field(2)
        let dayOfMonth = try field(3), months = try field(4), dayOfWeek = try field(5)
        // Exactly one of day-of-month and day-of-week is '?'. When both are, the error
        // points at the day-of-week '?'; when neither is, at whichever of the two is `*`
        // (day-of-week first), else at day-of-week.
        let dayUnspecified = dayOfMonth == .unspecified
        if dayUnspecified == (dayOfWeek == .unspecified) {
            let index = !dayUnspecified && fields[5] != "*" && fields[3] == "*" ? 3 : 5
            throw CronError(
                message: "exactly one of day-of-month and day-of-week must be '?'",
                fieldIndex: index,
                offsetInField: leading[index],
                offset: starts[index] + leading[index]
            )
        }

        func values(_ field: ParsedField) -> BitSet {
            if case .values(let set) = field { return set }
            return BitSet()
        }
        self.fields = fields
        // The fields are trimmed already, so normalising only upper-cases letters.
        let hasLowercase = mayHaveLowercase && fields.contains { $0.utf8.contains(where: ASCII.isLowercaseLetter) }
        self.normalizedFields = hasLowercase ? fields.map(Self.normalizedField) : fields
        self.schedule = Schedule(
            seconds: values(seconds),
            minutes: values(minutes),
            hours: values(hours),
            months: values(months),
            dayOfMonth: dayOfMonth,
            dayOfWeek: dayOfWeek
        )
    }

    /// Parses an ASCII expression in place; nil when it has other bytes.
    private static func parseASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<CronExpression, CronError>? {
        // The bounds of the first seven fields (a seventh is an error), and the offset past
        // the last non-space.
        var starts = Offsets(), ends = Offsets()
        var count = 0
        var start = -1
        var end = 0
        var hasLowercase = false
        for offset in bytes.indices {
            let byte = bytes[offset]
            guard byte < 0x80 else { return nil }
            hasLowercase = hasLowercase || ASCII.isLowercaseLetter(byte)
            if ASCII.isWhitespace(byte) {
                if start >= 0 {
                    if count < 7 { (starts[count], ends[count]) = (start, offset) }
                    count += 1
                    start = -1
                }
            } else {
                if start < 0 { start = offset }
                end = offset + 1
            }
        }
        if start >= 0 {
            if count < 7 { (starts[count], ends[count]) = (start, bytes.count) }
            count += 1
        }
        if count > 6 {
            return .failure(yearFieldError(offset: starts[6]))
        }
        guard count == 6 else {
            return .failure(fieldCountError(found: count, offset: end))
        }
        var texts: [String] = []
        texts.reserveCapacity(6)
        for index in 0..<6 {
            texts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[starts[index]..<ends[index]]), as: UTF8.self))
        }
        return Result { () throws(CronError) in
            try CronExpression(fields: texts, leading: Offsets(), starts: starts, mayHaveLowercase: hasLowercase) {
                (index) throws(FieldError) in
                let field = UnsafeBufferPointer(rebasing: bytes[starts[index]..<ends[index]])
                var parser = FieldParser(kind: FieldKind(rawValue: index)!, ascii: field)
                return try parser.parse()
            }
        }
    }

    /// Trims surrounding whitespace and upper-cases ASCII letters (month and weekday
    /// names, `L`, `W`), so equivalent spellings (`jan`, `Jan`, `JAN`; `mon-fri`) compare equal.
    public static func normalizedField(_ field: String) -> String {
        let utf8 = field.utf8
        if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80,
            !ASCII.isWhitespace(first), !ASCII.isWhitespace(last),
            !utf8.contains(where: ASCII.isLowercaseLetter)
        {
            // Nothing to trim (the ends are ASCII and not spaces) and nothing to upper-case.
            return field
        }
        // Upper-casing ASCII bytes leaves the rest of the UTF-8 intact.
        return String(decoding: trimmed(field).text.utf8.map { ASCII.isLowercaseLetter($0) ? $0 - 0x20 : $0 }, as: UTF8.self)
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

    /// The fields of any expression, by Unicode scalars, and the offset just past its last non-space.
    private static func scalarTokens(_ expression: String) -> (tokens: [(text: String, start: Int)], end: Int) {
        let scalars = expression.unicodeScalars
        var tokens: [(text: String, start: Int)] = []
        var offset = 0
        var tokenStart: (offset: Int, index: String.UnicodeScalarView.Index)?
        var end = 0
        for index in scalars.indices {
            let isSpace = scalars[index].properties.isWhitespace
            if isSpace, let start = tokenStart {
                tokens.append((String(scalars[start.index..<index]), start.offset))
                tokenStart = nil
            } else if !isSpace {
                if tokenStart == nil { tokenStart = (offset, index) }
                end = offset + 1
            }
            offset += 1
        }
        if let start = tokenStart {
            tokens.append((String(scalars[start.index...]), start.offset))
        }
        return (tokens, end)
    }

    /// Parses one trimmed field: in place when it is ASCII, else by Unicode scalars.
    private static func parse(_ text: String, kind: FieldKind) throws(FieldError) -> ParsedField {
        let ascii = text.utf8.withContiguousStorageIfAvailable { bytes -> Result<ParsedField, FieldError>? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var parser = FieldParser(kind: kind, ascii: bytes)
            return Result { () throws(FieldError) in try parser.parse() }
        }
        if let ascii, let result = ascii { return try result.get() }
        var parser = FieldParser(kind: kind, scalars: Substring(text).unicodeScalars)
        return try parser.parse()
    }

    /// The field without surrounding whitespace, and how many scalars were trimmed before it.
    private static func trimmed(_ field: String) -> (leading: Int, text: String) {
        let ascii = field.utf8.withContiguousStorageIfAvailable { bytes -> (leading: Int, text: String)? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            guard let first = bytes.firstIndex(where: { !ASCII.isWhitespace($0) }),
                let last = bytes.lastIndex(where: { !ASCII.isWhitespace($0) })
            else { return (bytes.count, "") }
            if first == 0 && last == bytes.count - 1 { return (0, field) }
            return (first, String(decoding: UnsafeBufferPointer(rebasing: bytes[first...last]), as: UTF8.self))
        }
        if let ascii, let result = ascii { return result }
        let scalars = Substring(field).unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return (scalars.count, "") }
        return (scalars.distance(from: scalars.startIndex, to: first), String(scalars[first...last]))
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
