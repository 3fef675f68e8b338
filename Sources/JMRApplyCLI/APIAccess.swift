import JMRAPI

/// The options and set-up shared by every command that calls the API
/// (apply, `plan --refresh`, import).
struct APIAccess {
    static let options: [OptionSpec] = [
        .single("--endpoint", "URL", "JMR API endpoint (default: $JMR_ENDPOINT, else https://idata-jmr-api.jcloud.com)."),
        .single("--profile", "NAME", "jdc CLI profile in ~/.jdc/config (default: $JDC_PROFILE, ~/.jdc/current, default)."),
        .single("--timeout", "DURATION", "Timeout of one API attempt (default: 30s)."),
        .single("--max-retries", "N", "Retries of a failed call (default: 4)."),
        .flag("--verbose", "Log one line per API attempt to stderr (secrets never shown)."),
    ]

    let endpointOption: String?
    let profile: String?
    let attemptTimeout: Duration
    let maxRetries: Int
    let verbose: Bool

    init(_ arguments: ParsedArguments) throws(UsageError) {
        endpointOption = arguments.value("--endpoint")
        profile = arguments.value("--profile")
        attemptTimeout = try arguments.duration("--timeout", default: .seconds(30))
        maxRetries = try arguments.integer("--max-retries", default: 4, range: 0...20)
        verbose = arguments.flag("--verbose")
        if let endpointOption {
            do { _ = try JMREndpoint(endpointOption) } catch { throw UsageError(error.description) }
        }
    }

    /// Resolves credentials and the endpoint, and makes the client. Fails before any call
    /// when credentials are missing.
    func makeClient(context: Context, parallelism: Int) throws -> HTTPJMRClient {
        let resolved = try CredentialsResolver(environment: context.environment).resolve(profile: profile)
        let environmentEndpoint = context.environment["JMR_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
        let profileEndpoint = resolved.endpoint.map { $0.contains("://") ? $0 : "\(resolved.scheme ?? "https")://\($0)" }
        var endpoint = JMREndpoint.production
        if let text = endpointOption ?? environmentEndpoint ?? profileEndpoint { endpoint = try JMREndpoint(text) }
        let console = context.console
        let logger: (@Sendable (String) -> Void)? = verbose ? { @Sendable (line: String) in console.printError(line) } : nil
        let configuration = JMRClientConfiguration(
            endpoint: endpoint, credentials: resolved.credentials, attemptTimeout: attemptTimeout,
            maxConnectionsPerHost: max(parallelism, 4),
            retryPolicy: RetryPolicy(maxRetries: maxRetries),
            retryBudget: RetryBudget(retries: max(20, parallelism * 4)),
            logger: logger
        )
        return HTTPJMRClient(configuration: configuration)
    }
}
