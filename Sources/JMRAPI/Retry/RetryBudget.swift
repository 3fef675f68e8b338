import Synchronization

/// A token bucket shared by every call of one run, so an outage is not multiplied
/// across parallel calls: each retry spends one token, each success refunds a fraction.
public final class RetryBudget: Sendable {
    /// Tokens are kept in thousandths so refunds can be fractional.
    private let milliTokens: Mutex<Int>
    private let capacity: Int
    private let refund: Int

    /// Creates a budget of `retries` retries; each successful call gives back
    /// `refundPerSuccess` of a retry, up to the initial amount.
    public init(retries: Int = 20, refundPerSuccess: Double = 0.1) {
        capacity = max(0, retries) * 1000
        refund = max(0, Int((refundPerSuccess * 1000).rounded()))
        milliTokens = Mutex(capacity)
    }

    /// Spends one retry; `false` (and nothing spent) when the budget is exhausted.
    public func acquire() -> Bool {
        milliTokens.withLock { tokens in
            guard tokens >= 1000 else { return false }
            tokens -= 1000
            return true
        }
    }

    /// Records a successful call, refunding part of a retry.
    public func recordSuccess() {
        milliTokens.withLock { tokens in tokens = min(capacity, tokens + refund) }
    }

    /// The whole retries left.
    public var remaining: Int { milliTokens.withLock { $0 / 1000 } }
}
