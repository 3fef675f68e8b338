/// An error inside one field, at a scalar offset in the trimmed field text.
struct FieldError: Error {
    var message: String
    var position: Int
}

/// Parses the text of one field (trimmed, any case) with Quartz's rules.
///
/// Grammar (letters are case-insensitive):
/// - every field: `*`, `n`, `a-b` (wrapping past the maximum when b < a, as Quartz
///   does: hour `22-2` = 22,23,0,1,2), steps `a/s`, `*/s`, `/s`, `a-b/s`, lists `x,y,z`;
/// - month and day-of-week: names (`JAN`-`DEC`, `SUN`-`SAT`) and name ranges; a name
///   range takes no step and names do not mix with numbers in one range (Quartz rejects
///   the mix and silently ignores such a step);
/// - day-of-month and day-of-week: `?`, alone;
/// - day-of-month, alone: `L`, `L-n` (n 0-30), `LW`, `L-nW`, `nW`;
/// - day-of-week, alone: `L` (= 7, Saturday), `nL`, `n#k` (k 1-5), with numbers or names.
struct FieldParser<Text: RandomAccessCollection<Unicode.Scalar>> where Text.Index == Int {
    let kind: FieldKind
    /// The field text, ASCII letters upper-cased.
    private let text: Text
    /// The field text as written, for messages.
    private let written: Text
    private var index = 0

    /// A parser of `text` (upper-cased) as `written`; both have the same length.
    init(kind: FieldKind, text: Text, written: Text) {
        self.kind = kind
        self.text = text
        self.written = written
    }

    private var name: String { kind.name }
    private var atEnd: Bool { index >= text.count }
    private var current: Unicode.Scalar? { atEnd ? nil : text[index] }

    mutating func parse() throws(FieldError) -> ParsedField {
        guard !text.isEmpty else { throw FieldError(message: "\(name) is empty", position: 0) }
        if let mark = text.firstIndex(of: "?") {
            guard kind == .dayOfMonth || kind == .dayOfWeek else {
                throw FieldError(message: "'?' is only allowed in day-of-month and day-of-week", position: mark)
            }
            guard text.count == 1 else {
                throw FieldError(message: "'?' must stand alone in \(name)", position: mark == 0 ? 1 : mark)
            }
            return .unspecified
        }
        if kind == .dayOfMonth && text[0] == "L" {
            return try parseLastDayOfMonth()
        }

        var values = BitSet()
        var isFirst = true
        while true {
            if let special = try parseItem(into: &values, isFirst: isFirst) {
                if !atEnd { throw misplaced(special.marker, at: index) }
                return special.field
            }
            isFirst = false
            guard let next = current else { break }
            guard next == "," else { throw unexpected(at: index) }
            index += 1
            guard let item = current, item != "," else {
                throw FieldError(message: "expected a value after ',' in \(name)", position: index)
            }
        }
        return .values(values)
    }

    // MARK: Items

    /// Parses one list item into `values`, or returns a special form (which must be the
    /// whole field) together with its marker character ('W', '#' or 'L').
    private mutating func parseItem(
        into values: inout BitSet, isFirst: Bool
    ) throws(FieldError) -> (field: ParsedField, marker: Unicode.Scalar)? {
        guard let first = current else {
            throw FieldError(message: "expected a value in \(name)", position: index)
        }
        switch first {
        case "*":
            index += 1
            let step = current == "/" ? try parseStep() : 1
            fill(&values, from: kind.range.lowerBound, through: kind.range.upperBound, step: step)
            return nil
        case "/":
            // Quartz reads "/s" as "*/s".
            let step = try parseStep()
            fill(&values, from: kind.range.lowerBound, through: kind.range.upperBound, step: step)
            return nil
        case "0"..."9":
            return try parseNumericItem(into: &values, isFirst: isFirst)
        case "A"..."Z":
            return try parseNamedItem(into: &values, isFirst: isFirst)
        default:
            throw unexpected(at: index)
        }
    }

    private mutating func parseNumericItem(
        into values: inout BitSet, isFirst: Bool
    ) throws(FieldError) -> (field: ParsedField, marker: Unicode.Scalar)? {
        let start = try parseValue()
        switch current {
        case "W" where kind == .dayOfMonth, "#" where kind == .dayOfWeek, "L" where kind == .dayOfWeek:
            return try parseSpecialSuffix(after: start, isFirst: isFirst)
        case "-":
            index += 1
            guard let next = current, ("0"..."9").contains(next) else {
                if let next = current, ("A"..."Z").contains(next), !kind.names.isEmpty {
                    throw mixedRange(at: index)
                }
                throw FieldError(message: "expected a number after '-' in \(name)", position: index)
            }
            let end = try parseValue()
            let step = current == "/" ? try parseStep() : 1
            fill(&values, from: start, through: end, step: step)
        case "/":
            let step = try parseStep()
            fill(&values, from: start, through: kind.range.upperBound, step: step)
        default:
            values.insert(start)
        }
        return nil
    }

    private mutating func parseNamedItem(
        into values: inout BitSet, isFirst: Bool
    ) throws(FieldError) -> (field: ParsedField, marker: Unicode.Scalar)? {
        let wordStart = index
        skipLetters()
        let wordLength = index - wordStart
        if let c = current, !c.isASCII, c.properties.isAlphabetic {
            // A non-ASCII letter inside a word ("MÖN") is the offending character.
            throw unexpected(at: index)
        }
        switch kind {
        case .month, .dayOfWeek:
            break
        default:
            // Letters are names only in month and day-of-week; in day-of-month a
            // misplaced L or W gets its own message.
            throw misplaced(text[wordStart], at: wordStart)
        }
        if kind == .dayOfWeek && wordLength == 1 && text[wordStart] == "L" {
            // "L" alone in day-of-week is Saturday.
            guard isFirst else { throw misplaced("L", at: wordStart) }
            return (.values(BitSet(7...7)), "L")
        }
        if kind == .dayOfWeek && wordLength == 4 && text[index - 1] == "L",
            let weekday = nameValue(at: wordStart, length: 3)
        {
            // "FRIL": the last Friday of the month.
            guard isFirst else { throw misplaced("L", at: index - 1) }
            return (.lastWeekday(weekday: weekday), "L")
        }
        let start = try value(ofNameAt: wordStart, length: wordLength)
        switch current {
        case "#" where kind == .dayOfWeek:
            return try parseSpecialSuffix(after: start, isFirst: isFirst)
        case "-":
            index += 1
            guard let next = current, ("A"..."Z").contains(next) else {
                if let next = current, ("0"..."9").contains(next) { throw mixedRange(at: index) }
                throw FieldError(message: "expected a name after '-' in \(name)", position: index)
            }
            let endStart = index
            skipLetters()
            let end = try value(ofNameAt: endStart, length: index - endStart)
            fill(&values, from: start, through: end, step: 1)
        default:
            values.insert(start)
        }
        if current == "/" {
            throw FieldError(
                message: "a step cannot follow a name in \(name) (Quartz ignores it); use numbers, e.g. \(kind == .month ? "1-12/3" : "2-6/2")",
                position: index
            )
        }
        return nil
    }

    /// Parses `W`, `#k` or `L` after the value `start`, the cursor on the marker.
    private mutating func parseSpecialSuffix(
        after start: Int, isFirst: Bool
    ) throws(FieldError) -> (field: ParsedField, marker: Unicode.Scalar) {
        let marker = text[index]
        guard isFirst else { throw misplaced(marker, at: index) }
        index += 1
        switch marker {
        case "W":
            return (.nearestWeekday(day: start), marker)
        case "L":
            return (.lastWeekday(weekday: start), marker)
        default:
            guard let next = current, ("0"..."9").contains(next) else {
                throw FieldError(message: "expected a number after '#' in day-of-week", position: index)
            }
            let occurrencePosition = index
            let (occurrence, digits) = readNumber()
            guard (1...5).contains(occurrence) else {
                throw FieldError(
                    message: "day-of-week occurrence \(digits) is out of range 1-5",
                    position: occurrencePosition
                )
            }
            return (.nthWeekday(weekday: start, occurrence: occurrence), marker)
        }
    }

    /// Day-of-month `L`, `LW`, `L-n`, `L-nW` (the cursor on the `L`).
    private mutating func parseLastDayOfMonth() throws(FieldError) -> ParsedField {
        index = 1
        var offset = 0
        if current == "-" {
            index += 1
            guard let next = current, ("0"..."9").contains(next) else {
                throw FieldError(message: "expected a number after '-' in day-of-month", position: index)
            }
            let offsetPosition = index
            let (value, digits) = readNumber()
            guard (0...30).contains(value) else {
                throw FieldError(
                    message: "offset from the last day \(digits) is out of range 0-30",
                    position: offsetPosition
                )
            }
            offset = value
        }
        var toWeekday = false
        if current == "W" {
            toWeekday = true
            index += 1
        }
        guard atEnd else { throw misplaced("L", at: index) }
        return .lastDayOfMonth(offset: offset, nearestWeekday: toWeekday)
    }

    // MARK: Values

    /// Reads a number at the cursor and checks it against the field's range.
    private mutating func parseValue() throws(FieldError) -> Int {
        let position = index
        let (value, digits) = readNumber()
        guard kind.range.contains(value) else {
            throw FieldError(
                message: "\(name) \(digits) is out of range \(kind.range.lowerBound)-\(kind.range.upperBound)",
                position: position
            )
        }
        return value
    }

    /// Reads `/s` (the cursor on the '/') and checks the step.
    private mutating func parseStep() throws(FieldError) -> Int {
        index += 1
        guard let next = current, ("0"..."9").contains(next) else {
            throw FieldError(message: "expected a number after '/' in \(name)", position: index)
        }
        let position = index
        let (step, digits) = readNumber()
        guard (1...kind.maxStep).contains(step) else {
            throw FieldError(message: "\(name) step \(digits) is out of range 1-\(kind.maxStep)", position: position)
        }
        return step
    }

    /// Reads digits at the cursor: their value (capped, so it never overflows) and where
    /// they are, to quote them in messages.
    private mutating func readNumber() -> (value: Int, digits: Digits) {
        let start = index
        var value = 0
        while let c = current, ("0"..."9").contains(c) {
            value = min(value * 10 + Int(c.value - 48), 1_000_000)
            index += 1
        }
        return (value, Digits(text: text, range: start..<index))
    }

    /// Moves the cursor past upper-case letters.
    private mutating func skipLetters() {
        while let c = current, ("A"..."Z").contains(c) { index += 1 }
    }

    /// The value of the upper-case name at `position`, if the field has that name.
    private func nameValue(at position: Int, length: Int) -> Int? {
        guard length == 3 else { return nil }
        let code = text[position].value << 16 | text[position + 1].value << 8 | text[position + 2].value
        return kind.value(ofNameCode: code)
    }

    private func value(ofNameAt position: Int, length: Int) throws(FieldError) -> Int {
        guard let value = nameValue(at: position, length: length) else {
            let written = String(String.UnicodeScalarView(self.written[position..<position + length]))
            let help = kind == .month ? "JAN-DEC or 1-12" : "SUN-SAT or 1-7"
            throw FieldError(message: "unknown \(name) name '\(written)' (use \(help))", position: position)
        }
        return value
    }

    /// Adds `start...end` by `step`; when `end < start` the range wraps past the field's
    /// maximum, as in Quartz (hour `22-2` = 22, 23, 0, 1, 2; day-of-week `FRI-MON`).
    private func fill(_ values: inout BitSet, from start: Int, through end: Int, step: Int) {
        if step == 1 && start <= end {
            values.insert(start...end)
            return
        }
        let count = kind.range.count
        let high = kind.range.upperBound
        let stop = end < start ? end + count : end
        var value = start
        while value <= stop {
            values.insert(value > high ? value - count : value)
            value += step
        }
    }

    // MARK: Errors

    private func unexpected(at position: Int) -> FieldError {
        misplaced(text[position], at: position)
    }

    /// The error for `character` where it may not stand; the special characters get
    /// messages saying where they belong.
    private func misplaced(_ character: Unicode.Scalar, at position: Int) -> FieldError {
        let message: String
        switch (kind, character) {
        case (.dayOfMonth, "L"):
            message = "'L' must stand alone in day-of-month (L, LW, L-n or L-nW)"
        case (.dayOfMonth, "W"):
            message = "'W' must follow a single day and stand alone in day-of-month (e.g. 15W)"
        case (.dayOfWeek, "#"):
            message = "'#' must follow a single day and stand alone in day-of-week (e.g. 6#3 or FRI#3)"
        case (.dayOfWeek, "L"):
            message = "'L' must stand alone in day-of-week (L, or e.g. 6L or FRIL for the last Friday)"
        default:
            message = "unexpected character '\(written[position])' in \(name)"
        }
        return FieldError(message: message, position: position)
    }

    private func mixedRange(at position: Int) -> FieldError {
        FieldError(message: "a range in \(name) must use names on both ends or numbers on both ends", position: position)
    }

    /// Digits read from the field, turned into text only when a message quotes them.
    struct Digits: CustomStringConvertible {
        let text: Text
        let range: Range<Int>

        var description: String { String(String.UnicodeScalarView(text[range])) }
    }
}
