import Foundation

/// Maps wall-clock times in one time zone to instants (both in whole seconds since 1970).
struct ZoneResolver {
    let timeZone: TimeZone

    /// The zone's UTC offset in seconds at `instant`.
    func offset(at instant: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
    }

    /// The instant of the wall time `local` (civil seconds, see `CivilTime.seconds`):
    /// its only occurrence; its first occurrence when a fall-back repeats it; or, when a
    /// spring-forward gap skips it, the wall time read with the offset in force before the
    /// gap - that is, shifted forward by the gap's length (02:30 -> 03:30) - with `shifted` set.
    func instant(ofLocal local: Int) -> (instant: Int, shifted: Bool) {
        // The offsets in force a day before and a day after bracket any transition
        // affecting this wall time.
        let before = offset(at: local - 86_400)
        let after = offset(at: local + 86_400)
        let early = local - before
        let earlyValid = offset(at: early) == before
        if before == after && earlyValid { return (early, false) }
        let late = local - after
        let lateValid = offset(at: late) == after
        switch (earlyValid, lateValid) {
        case (true, true): return (min(early, late), false)
        case (true, false): return (early, false)
        case (false, true): return (late, false)
        case (false, false): return (early, true)
        }
    }
}
