/// The parsed form of an expression: which seconds, minutes, hours and months match,
/// and the rule choosing days (exactly one of the day fields is '?').
struct Schedule: Hashable, Sendable {
    var seconds: BitSet
    var minutes: BitSet
    var hours: BitSet
    var months: BitSet
    var dayOfMonth: ParsedField
    var dayOfWeek: ParsedField

    /// The days of `month` in `year` that match the day rule (bit n = day n).
    func matchingDays(year: Int, month: Int) -> BitSet {
        let lastDay = Civil.daysInMonth(year: year, month: month)
        let firstWeekday = Civil.weekday(year: year, month: month, day: 1)
        func weekday(_ day: Int) -> Int { (firstWeekday - 1 + day - 1) % 7 + 1 }
        func only(_ day: Int) -> BitSet {
            var set = BitSet()
            if (1...lastDay).contains(day) { set.insert(day) }
            return set
        }
        /// Quartz's `W`: a Saturday moves back to Friday, a Sunday forward to Monday,
        /// but never across the month: Saturday the 1st becomes Monday the 3rd and
        /// a Sunday on the last day becomes the Friday before.
        func nearestWeekday(to day: Int) -> Int {
            switch weekday(day) {
            case 7: day == 1 ? 3 : day - 1
            case 1: day == lastDay ? day - 2 : day + 1
            default: day
            }
        }
        let allDays = BitSet(bits: (UInt64(1) << UInt64(lastDay + 1)) - 2)

        switch dayOfMonth {
        case .values(let days):
            return BitSet(bits: days.bits & allDays.bits)
        case .lastDayOfMonth(let offset, let toWeekday):
            let day = lastDay - offset
            guard day >= 1 else { return BitSet() }
            return only(toWeekday ? nearestWeekday(to: day) : day)
        case .nearestWeekday(let day):
            // A day the month lacks (31W in April) does not fire, like a plain 31.
            guard day <= lastDay else { return BitSet() }
            return only(nearestWeekday(to: day))
        case .unspecified, .nthWeekday, .lastWeekday:
            break
        }

        switch dayOfWeek {
        case .values(let weekdays):
            var set = BitSet()
            for day in 1...lastDay where weekdays.contains(weekday(day)) { set.insert(day) }
            return set
        case .nthWeekday(let target, let occurrence):
            let first = 1 + (target - firstWeekday + 7) % 7
            return only(first + 7 * (occurrence - 1))
        case .lastWeekday(let target):
            return only(lastDay - (weekday(lastDay) - target + 7) % 7)
        case .unspecified, .lastDayOfMonth, .nearestWeekday:
            return BitSet()
        }
    }
}
