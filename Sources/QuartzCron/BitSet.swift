/// A set of small non-negative integers (0...63), used for field values and days.
struct BitSet: Hashable, Sendable {
    var bits: UInt64 = 0

    init() {}

    init(bits: UInt64) {
        self.bits = bits
    }

    /// The set of `range`'s values.
    init(_ range: ClosedRange<Int>) {
        for value in range { insert(value) }
    }

    var isEmpty: Bool { bits == 0 }

    mutating func insert(_ value: Int) {
        bits |= 1 << UInt64(value)
    }

    /// Inserts every value of `range` (within 0...63).
    mutating func insert(_ range: ClosedRange<Int>) {
        let upTo = range.upperBound == 63 ? ~UInt64(0) : (UInt64(1) << UInt64(range.upperBound + 1)) - 1
        bits |= upTo & ~((UInt64(1) << UInt64(range.lowerBound)) - 1)
    }

    func contains(_ value: Int) -> Bool {
        value >= 0 && value < 64 && bits & (1 << UInt64(value)) != 0
    }

    /// The smallest member that is at least `value`.
    func next(atLeast value: Int) -> Int? {
        guard value < 64 else { return nil }
        let remaining = value <= 0 ? bits : bits & (~0 << UInt64(value))
        return remaining == 0 ? nil : remaining.trailingZeroBitCount
    }

    var first: Int? { next(atLeast: 0) }
}
