/// Capped exponential backoff with full jitter: the delay before retry `n` (0-based)
/// is uniform in `0 ... min(cap, base * 2^n)`.
public struct Backoff: Sendable {
    /// The first retry's maximum delay.
    public var base: Duration
    /// The largest delay ever chosen.
    public var cap: Duration
    /// Returns a uniform random number in `0 ..< 1`; injectable for tests.
    public var random: @Sendable () -> Double

    /// Creates a backoff (200 ms base, 20 s cap, system random by default).
    public init(
        base: Duration = .milliseconds(200), cap: Duration = .seconds(20),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.base = base
        self.cap = cap
        self.random = random
    }

    /// The upper bound of the delay before retry `retry` (0-based): `min(cap, base * 2^retry)`.
    public func ceiling(forRetry retry: Int) -> Duration {
        let exponent = min(max(retry, 0), 30)
        let grown = base * (1 << exponent)
        return grown < cap ? grown : cap
    }

    /// The jittered delay before retry `retry` (0-based), at least `minimum` (e.g. from
    /// `Retry-After`) but never more than `cap`.
    public func delay(forRetry retry: Int, minimum: Duration = .zero) -> Duration {
        let fraction = min(max(random(), 0), 1)
        let jittered = ceiling(forRetry: retry) * fraction
        let floored = jittered < minimum ? minimum : jittered
        return floored < cap ? floored : cap
    }
}
