import Synchronization

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast, seedable PRNG.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) from the top 53 bits of the next value.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}

/// What fault injection does to one /v1 call.
public enum FaultOutcome: String, Sendable, Equatable, CaseIterable {
    /// Handled normally.
    case none
    /// 500 INTERNAL, nothing changed.
    case failBeforeChange
    /// Handled (any change committed), then answered 503 UNAVAILABLE instead.
    case failAfterCommit
    /// Connection closed without an answer, nothing changed.
    case dropBeforeChange
    /// Handled (any change committed), then the connection is closed without an answer.
    case dropAfterChange
}

/// Decides, reproducibly, which /v1 calls fail and how.
///
/// Each routed /v1 call takes exactly two draws from a SplitMix64 sequence seeded with `seed`,
/// in arrival order: the first `u` picks the outcome from consecutive intervals
/// `[0, drop) -> drop`, `[drop, drop+fail) -> 500`, `[.., +failAfterCommit) -> 503 after commit`,
/// else none; the second decides whether a drop happens after the change (`< 0.5`) or before.
/// So the same seed and the same sequence of calls give the same outcomes.
final class FaultInjector: Sendable {
    private let failRate: Double
    private let failAfterCommitRate: Double
    private let dropRate: Double
    private let generator: Mutex<SplitMix64>

    init(failRate: Double, failAfterCommitRate: Double, dropRate: Double, seed: UInt64) {
        self.failRate = failRate
        self.failAfterCommitRate = failAfterCommitRate
        self.dropRate = dropRate
        generator = Mutex(SplitMix64(seed: seed))
    }

    var isActive: Bool { failRate > 0 || failAfterCommitRate > 0 || dropRate > 0 }

    /// The outcome of the next call.
    func nextOutcome() -> FaultOutcome {
        let (pick, dropTiming) = generator.withLock { generator in
            (generator.nextUnit(), generator.nextUnit())
        }
        return Self.outcome(pick: pick, dropTiming: dropTiming, dropRate: dropRate, failRate: failRate,
                            failAfterCommitRate: failAfterCommitRate)
    }

    static func outcome(pick: Double, dropTiming: Double, dropRate: Double, failRate: Double,
                        failAfterCommitRate: Double) -> FaultOutcome {
        if pick < dropRate { return dropTiming < 0.5 ? .dropAfterChange : .dropBeforeChange }
        if pick < dropRate + failRate { return .failBeforeChange }
        if pick < dropRate + failRate + failAfterCommitRate { return .failAfterCommit }
        return .none
    }
}
