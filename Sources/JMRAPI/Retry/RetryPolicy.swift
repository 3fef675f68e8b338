/// How many times a failed call is retried, and how long to wait in between.
///
/// Retried: HTTP 5xx and 429, connection errors and timeouts. Not retried: other 4xx.
/// A call that is not idempotent (a create without planId) is retried only when the
/// failure proves the server did not act on it (connection refused, 429).
public struct RetryPolicy: Sendable {
    /// Retries after the first attempt (so `maxRetries + 1` attempts at most).
    public var maxRetries: Int
    /// The delay schedule.
    public var backoff: Backoff

    /// Creates a policy (4 retries, default backoff).
    public init(maxRetries: Int = 4, backoff: Backoff = Backoff()) {
        self.maxRetries = max(0, maxRetries)
        self.backoff = backoff
    }

    /// The default policy.
    public static let standard = RetryPolicy()

    /// Whether `error` is worth retrying for a call that is (or is not) idempotent.
    public func shouldRetry(_ error: JMRError, idempotent: Bool) -> Bool {
        guard error.isTransient else { return false }
        return idempotent || !error.mayHaveCommitted
    }
}

/// Waits between attempts; injectable so tests run instantly.
public protocol Sleeper: Sendable {
    /// Suspends for `duration`; throws when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// Sleeps with `Task.sleep`.
public struct TaskSleeper: Sleeper {
    /// Creates a sleeper.
    public init() {}

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
