/// The six fields of a Quartz cron expression, in order.
enum FieldKind: Int, CaseIterable, Sendable {
    case second, minute, hour, dayOfMonth, month, dayOfWeek

    var name: String { CronExpression.fieldNames[rawValue] }

    /// The values the field accepts.
    var range: ClosedRange<Int> {
        switch self {
        case .second, .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 1...7
        }
    }

    /// The largest step Quartz accepts after '/'.
    var maxStep: Int {
        switch self {
        case .second, .minute: 59
        case .hour: 23
        case .dayOfMonth: 31
        case .month: 12
        case .dayOfWeek: 7
        }
    }

    /// The names the field accepts, in value order from `range.lowerBound`.
    var names: [String] {
        switch self {
        case .month: Self.monthNames
        case .dayOfWeek: Self.weekdayNames
        default: []
        }
    }

    private static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    private static let weekdayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    /// The value of a 3-letter upper-case name given as its three ASCII codes packed
    /// into one number (`"JAN"` is `0x4A414E`), if the field has it.
    func value(ofNameCode code: UInt32) -> Int? {
        let codes: [UInt32]
        switch self {
        case .month: codes = Self.monthCodes
        case .dayOfWeek: codes = Self.weekdayCodes
        default: return nil
        }
        return codes.firstIndex(of: code).map { $0 + range.lowerBound }
    }

    private static let monthCodes = monthNames.map(code)
    private static let weekdayCodes = weekdayNames.map(code)

    private static func code(_ name: String) -> UInt32 {
        name.utf8.reduce(0) { $0 << 8 | UInt32($1) }
    }
}

/// One parsed field: plain values, '?', or one of the Quartz special forms.
enum ParsedField: Hashable, Sendable {
    /// `*`, numbers, names, ranges, lists and steps.
    case values(BitSet)
    /// `?`: no specific value (day-of-month or day-of-week only).
    case unspecified
    /// Day-of-month `L`, `L-n`, `LW`, `L-nW`: `offset` days before the last day,
    /// moved to the nearest weekday when `nearestWeekday`.
    case lastDayOfMonth(offset: Int, nearestWeekday: Bool)
    /// Day-of-month `nW`: the weekday nearest day `n`, within the month.
    case nearestWeekday(day: Int)
    /// Day-of-week `n#k`: the k-th weekday n of the month.
    case nthWeekday(weekday: Int, occurrence: Int)
    /// Day-of-week `nL`: the last weekday n of the month.
    case lastWeekday(weekday: Int)
}
