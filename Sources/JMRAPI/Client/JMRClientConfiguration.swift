/// Everything an `HTTPJMRClient` needs besides its transport.
public struct JMRClientConfiguration: Sendable {
    /// Where the API lives (default: production).
    public var endpoint: JMREndpoint
    /// The credentials requests are signed with.
    public var credentials: JDCloudCredentials
    /// The longest one attempt may take (default 30 s).
    public var attemptTimeout: Duration
    /// The longest one call may take, retries and waits included (default 3 min).
    public var deadline: Duration
    /// Parallel connections to the endpoint; at least the apply parallelism (default 8).
    public var maxConnectionsPerHost: Int
    /// Retries and backoff.
    public var retryPolicy: RetryPolicy
    /// The retry budget shared by all calls of this run.
    public var retryBudget: RetryBudget
    /// Receives one line per attempt when verbose; never sees secrets or signatures.
    public var logger: (@Sendable (String) -> Void)?
    /// The `User-Agent` header.
    public var userAgent: String

    /// Creates a configuration.
    public init(
        endpoint: JMREndpoint = .production,
        credentials: JDCloudCredentials,
        attemptTimeout: Duration = .seconds(30),
        deadline: Duration = .seconds(180),
        maxConnectionsPerHost: Int = 8,
        retryPolicy: RetryPolicy = .standard,
        retryBudget: RetryBudget = RetryBudget(),
        logger: (@Sendable (String) -> Void)? = nil,
        userAgent: String = "jmr-apply"
    ) {
        self.endpoint = endpoint
        self.credentials = credentials
        self.attemptTimeout = attemptTimeout
        self.deadline = deadline
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.retryPolicy = retryPolicy
        self.retryBudget = retryBudget
        self.logger = logger
        self.userAgent = userAgent
    }
}
