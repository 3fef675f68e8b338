import Foundation

extension CronExpression {
    /// How far a search looks past the previous fire time before concluding there is
    /// no next one. 50 years covers the rarest possible schedules (a fifth Monday in
    /// February happens once in 28 or 40 years).
    static let searchHorizonYears = 50

    /// The next `count` fire times strictly after `date`, evaluated in `timeZone`.
    ///
    /// Fields match wall-clock time in `timeZone` (Gregorian calendar); the search
    /// advances field by field (month, day, hour, minute, second), never second by second.
    ///
    /// Daylight-saving transitions:
    /// - A wall time skipped by a spring-forward gap fires once, shifted forward by the
    ///   gap: a daily 02:30 fires at 03:30 EDT on 2026-03-08 in America/New_York. When the
    ///   shifted time coincides with another match (the 03:00 and 03:30 of an
    ///   every-30-minutes schedule), it fires only once.
    /// - A wall time repeated by a fall-back fires once, at its first occurrence: a daily
    ///   01:30 fires at 01:30 EDT on 2026-11-01 in New York, not again at 01:30 EST.
    ///
    /// Returns fewer than `count` times when no fire time exists within 50 years after
    /// the previous one (`0 0 0 30 2 ?` never fires), and none when `count <= 0` or
    /// `date` lies outside the years 1-9999.
    public func nextFireTimes(after date: Date, count: Int, in timeZone: TimeZone) -> [Date] {
        let after = date.timeIntervalSince1970
        // Years 1 through 9999.
        guard count > 0, after >= -62_135_596_800, after < 253_402_300_800 else { return [] }
        let zone = ZoneResolver(timeZone: timeZone)
        let base = Int(after.rounded(.down))
        // A wall time maps to (wall time - offset); starting from the smallest offset near
        // `date` finds the wall times a gap shifts past `date` too.
        let smallestOffset = min(zone.offset(at: base - 86_400), zone.offset(at: base), zone.offset(at: base + 86_400))
        var cursor = base + smallestOffset

        var times: [Date] = []
        var last = Int.min
        func emit(_ instant: Int) {
            guard TimeInterval(instant) > after, instant > last, times.count < count else { return }
            times.append(Date(timeIntervalSince1970: TimeInterval(instant)))
            last = instant
        }
        // Shifted instants can lie after later matches (02:30 -> 03:30 comes after 03:00),
        // so they wait here, ascending, until a later unshifted match passes them.
        var shifted: [Int] = []

        while times.count < count {
            guard let local = schedule.nextMatch(atOrAfter: cursor, horizonYears: Self.searchHorizonYears) else { break }
            cursor = local + 1
            let resolved = zone.instant(ofLocal: local)
            if resolved.shifted {
                shifted.insert(resolved.instant, at: shifted.firstIndex { $0 > resolved.instant } ?? shifted.endIndex)
                continue
            }
            while let first = shifted.first, first <= resolved.instant {
                shifted.removeFirst()
                emit(first)
            }
            emit(resolved.instant)
        }
        shifted.forEach(emit)
        return times
    }
}

extension Schedule {
    /// The first matching wall time at or after `local` (civil seconds), or nil when
    /// there is none within `horizonYears` years.
    func nextMatch(atOrAfter local: Int, horizonYears: Int) -> Int? {
        let start = CivilTime(seconds: local)
        var (year, month, day) = (start.year, start.month, start.day)
        var (hour, minute, second) = (start.hour, start.minute, start.second)
        let lastYear = year + horizonYears
        var days: (year: Int, month: Int, days: BitSet)?

        while year <= lastYear {
            guard months.contains(month) else {
                if let next = months.next(atLeast: month + 1) {
                    month = next
                } else if let first = months.first {
                    (year, month) = (year + 1, first)
                } else {
                    return nil
                }
                (day, hour, minute, second) = (1, 0, 0, 0)
                continue
            }
            if days == nil || days!.year != year || days!.month != month {
                days = (year, month, matchingDays(year: year, month: month))
            }
            guard let nextDay = days!.days.next(atLeast: day) else {
                (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
                (day, hour, minute, second) = (1, 0, 0, 0)
                continue
            }
            if nextDay != day { (day, hour, minute, second) = (nextDay, 0, 0, 0) }
            guard let nextHour = hours.next(atLeast: hour) else {
                (day, hour, minute, second) = (day + 1, 0, 0, 0)
                continue
            }
            if nextHour != hour { (hour, minute, second) = (nextHour, 0, 0) }
            guard let nextMinute = minutes.next(atLeast: minute) else {
                (hour, minute, second) = (hour + 1, 0, 0)
                continue
            }
            if nextMinute != minute { (minute, second) = (nextMinute, 0) }
            guard let nextSecond = seconds.next(atLeast: second) else {
                (minute, second) = (minute + 1, 0)
                continue
            }
            return CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: nextSecond).seconds
        }
        return nil
    }
}
