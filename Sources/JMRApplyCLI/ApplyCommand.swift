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
        CommonOptions.refresh, CommonOptions.prune, CommonOptions.maxDeletes,
    ] + APIAccess.options + [CommonOptions.help]

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
    let api: APIAccess
    let lifecycle: LifecycleOptions
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
        api = try APIAccess(arguments)
        lifecycle = try LifecycleOptions(arguments)
        self.context = context
    }

    func run() async -> ExitCode {
        let console = context.console
        guard let (configuration, _) = context.loadConfiguration(paths) else { return .failure }
        if dryRun {
            return await PlanCommand.plan(configuration, store: store, filter: filter, format: format, api: api, lifecycle: lifecycle, detailedExitCode: detailedExitCode, context: context)
        }
        // Credentials and endpoint are checked before anything is locked or called.
        let client: HTTPJMRClient
        do {
            client = try api.makeClient(context: context, parallelism: parallelism)
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
        defer { context.releaseLock(on: store) }
        guard case .success(let loaded) = context.loadState(from: store, region: configuration.region) else { return .failure }
        var state = loaded ?? State(region: configuration.region)
        state.region = configuration.region
        state.endpoint = client.configuration.endpoint.description
        let region = configuration.region
        var observation: ServerObservation?
        if lifecycle.refresh {
            do {
                observation = try await Refresher(client: client, region: region).observe(state)
            } catch {
                console.printError("error: reading the server's plans for --refresh: \(error)")
                return .failure
            }
        }
        let diff = PlanDiff(configuration: configuration, state: state, filter: filter, observation: observation)
        let summary = diff.summary
        if lifecycle.prune, summary.delete > lifecycle.maxDeletes {
            console.printError("error: refusing to apply: \(summary.delete) plan\(summary.delete == 1 ? "" : "s") would be deleted, more than --max-deletes \(lifecycle.maxDeletes). Nothing was changed. Check the files and globs, or raise --max-deletes.")
            for change in diff.changes where change.action == .delete { console.printError("  - \(change.name)") }
            return .failure
        }
        let journal = StateJournal(store: store, state: state)
        let rendering = ApplyRendering(context: context, format: format)
        rendering.renderDrift(diff)
        if let observation {
            let declared = Dictionary(uniqueKeysWithValues: configuration.plans.map { ($0.name, $0.spec) })
            if let learned = Refresher.learned(state, from: observation, declared: declared) {
                do {
                    try await journal.record { $0.plans = learned.plans }
                } catch {
                    console.printError("error: \(error)")
                    return .failure
                }
            }
        }
        let total = summary.create + summary.update + (lifecycle.prune ? summary.delete : 0)
        guard total > 0 else {
            rendering.renderNothingToDo(diff, prune: lifecycle.prune)
            return .success
        }
        let options = ApplyOptions(
            region: region, parallelism: parallelism, failFast: failFast, prune: lifecycle.prune,
            retryPolicy: client.configuration.retryPolicy, retryBudget: client.configuration.retryBudget
        )
        let finished = Counter()
        let report = await Applier(client: client, journal: journal, options: options).apply(diff) { result in
            rendering.renderProgress(result, done: finished.increment(), total: total)
        }
        rendering.renderReport(report)
        return report.succeeded ? (detailedExitCode ? .changesPresent : .success) : .failure
    }

    /// The command line as recorded for the lock holder, which other runs print: with
    /// the state's password masked.
    private var commandLine: String {
        maskingSecrets((["jmr-apply"] + CommandLine.arguments.dropFirst()).joined(separator: " "), of: store)
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
