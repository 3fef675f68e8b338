import Synchronization
import Foundation
import JMRAPI
import PlanApply
import PlanConfig
import PlanDiff
import PlanState

/// `jmr-apply [apply] FILE|DIR...`: creates and updates plans to match the files.
/// The default command. Needs no confirmation: it is made for CI.
struct ApplyCommand: Command {
    static let name = "apply"
    static let abstract = "Create or update plans to match the files (the default command)."
    static let synopsis = "jmr-apply [apply] FILE|DIR... [--state PATH|URL] [--endpoint URL] [--parallelism N] [--dry-run] [options]"
    static let options: [OptionSpec] = [
        CommonOptions.state, CommonOptions.workspace, CommonOptions.target, CommonOptions.exclude,
        CommonOptions.output, CommonOptions.lockTimeout,
        .flag("--dry-run", "Only show the plan (same as 'jmr-apply plan')."),
        CommonOptions.detailedExitCode,
        .single("--parallelism", "N", "Changes applied at once (default: 8)."),
        .flag("--fail-fast", "Stop starting new changes after the first failure."),
        .single("--endpoint", "URL", "JMR API endpoint (default: $JMR_ENDPOINT, else https://idata-jmr-api.jcloud.com)."),
        .single("--profile", "NAME", "jdc CLI profile in ~/.jdc/config (default: $JDC_PROFILE, ~/.jdc/current, default)."),
        .single("--timeout", "DURATION", "Timeout of one API attempt (default: 30s)."),
        .single("--max-retries", "N", "Retries of a failed call (default: 4)."),
        .flag("--verbose", "Log one line per API attempt to stderr (secrets never shown)."),
        CommonOptions.help,
    ]

    let paths: [String]
    let arguments: ParsedArguments
    let store: any StateStore
    let filter: PlanFilter
    let format: PlanOutputFormat
    let dryRun: Bool
    let detailedExitCode: Bool
    let parallelism: Int
    let failFast: Bool
    let lockTimeout: Duration
    let attemptTimeout: Duration
    let maxRetries: Int
    let verbose: Bool
    let context: Context

    init(_ arguments: ParsedArguments, context: Context) throws(UsageError) {
        paths = try requirePaths(arguments, command: "apply")
        self.arguments = arguments
        store = try StateLocation.store(arguments, environment: context.environment)
        filter = PlanFilter(targets: arguments.values("--target"), excludes: arguments.values("--exclude"))
        format = try PlanOutputFormat(arguments)
        dryRun = arguments.flag("--dry-run")
        detailedExitCode = arguments.flag("--detailed-exitcode")
        parallelism = try arguments.integer("--parallelism", default: 8, range: 1...256)
        failFast = arguments.flag("--fail-fast")
        lockTimeout = try arguments.duration("--lock-timeout", default: .seconds(60))
        attemptTimeout = try arguments.duration("--timeout", default: .seconds(30))
        maxRetries = try arguments.integer("--max-retries", default: 4, range: 0...20)
        verbose = arguments.flag("--verbose")
        if let endpoint = arguments.value("--endpoint") {
            do { _ = try JMREndpoint(endpoint) } catch { throw UsageError(error.description) }
        }
        self.context = context
    }

    func run() async -> ExitCode {
        let console = context.console
        guard let (configuration, _) = context.loadConfiguration(paths) else { return .failure }
        if dryRun {
            guard case .success(let state) = context.loadState(from: store, region: configuration.region) else { return .failure }
            let diff = PlanDiff(configuration: configuration, state: state, filter: filter)
            PlanRendering(context: context, region: configuration.region, store: store.displayName).render(diff, format: format)
            return detailedExitCode && diff.summary.hasChanges(pruning: false) ? .changesPresent : .success
        }
        // Credentials and endpoint are checked before anything is locked or called.
        let client: HTTPJMRClient
        let endpoint: JMREndpoint
        do {
            (client, endpoint) = try makeClient()
        } catch {
            console.printError("error: \(error)")
            return .failure
        }
        do {
            try store.lock(timeout: lockTimeout, holder: .current(command: commandLine)) { holder in
                console.printError("Waiting up to \(StateError.seconds(lockTimeout)) for the state lock on \(store.displayName), held by \(holder.map(String.init(describing:)) ?? "another process")...")
            }
        } catch {
            console.printError("error: \(error)")
            return .failure
        }
        defer {
            do { try store.unlock() } catch { console.printError("error: releasing the state lock: \(error)") }
        }
        guard case .success(let loaded) = context.loadState(from: store, region: configuration.region) else { return .failure }
        var state = loaded ?? State(region: configuration.region)
        state.region = configuration.region
        state.endpoint = endpoint.description
        let diff = PlanDiff(configuration: configuration, state: state, filter: filter)
        let summary = diff.summary
        guard summary.create + summary.update > 0 else {
            ApplyRendering(context: context, format: format).renderNothingToDo(diff)
            return .success
        }
        let options = ApplyOptions(
            region: configuration.region, parallelism: parallelism, failFast: failFast,
            retryPolicy: client.configuration.retryPolicy, retryBudget: client.configuration.retryBudget
        )
        let journal = StateJournal(store: store, state: state)
        let rendering = ApplyRendering(context: context, format: format)
        let total = summary.create + summary.update
        let finished = Counter()
        let report = await Applier(client: client, journal: journal, options: options).apply(diff) { result in
            rendering.renderProgress(result, done: finished.increment(), total: total)
        }
        rendering.renderReport(report)
        return report.succeeded ? (detailedExitCode ? .changesPresent : .success) : .failure
    }

    private var commandLine: String {
        (["jmr-apply"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
    }

    /// Resolves credentials and endpoint and makes the HTTP client.
    private func makeClient() throws -> (HTTPJMRClient, JMREndpoint) {
        let resolved = try CredentialsResolver(environment: context.environment).resolve(profile: arguments.value("--profile"))
        let endpointText = arguments.value("--endpoint") ?? context.environment["JMR_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? resolved.endpoint.map { $0.contains("://") ? $0 : "\(resolved.scheme ?? "https")://\($0)" }
        var endpoint = JMREndpoint.production
        if let endpointText { endpoint = try JMREndpoint(endpointText) }
        let console = context.console
        let logger: (@Sendable (String) -> Void)? = verbose ? { @Sendable (line: String) in console.printError(line) } : nil
        let configuration = JMRClientConfiguration(
            endpoint: endpoint, credentials: resolved.credentials, attemptTimeout: attemptTimeout,
            maxConnectionsPerHost: max(parallelism, 4),
            retryPolicy: RetryPolicy(maxRetries: maxRetries),
            retryBudget: RetryBudget(retries: max(20, parallelism * 4)),
            logger: logger
        )
        return (HTTPJMRClient(configuration: configuration), endpoint)
    }
}

/// A thread-safe counter for progress.
final class Counter: Sendable {
    private let value = Mutex(0)

    func increment() -> Int {
        value.withLock { v in
            v += 1
            return v
        }
    }
}
