import PlanApply
import PlanConfig
import PlanDiff
import PlanState

/// `jmr-apply plan`: shows what apply would do, from local state only. Never calls the API.
struct PlanCommand: Command {
    static let name = "plan"
    static let abstract = "Show what apply would change, from recorded state (no API calls)."
    static let synopsis = "jmr-apply plan FILE|DIR... [--state PATH|URL] [--target GLOB] [--exclude GLOB] [--output text|json|github] [--detailed-exitcode] [--refresh] [--prune]"
    static let options: [OptionSpec] = [
        CommonOptions.state, CommonOptions.workspace, CommonOptions.target, CommonOptions.exclude,
        CommonOptions.output, CommonOptions.detailedExitCode, CommonOptions.refresh, CommonOptions.prune,
        CommonOptions.maxDeletes,
    ] + APIAccess.options + [CommonOptions.help]

    let paths: [String]
    let store: any StateStore
    let filter: PlanFilter
    let format: PlanOutputFormat
    let detailedExitCode: Bool
    let api: APIAccess
    let lifecycle: LifecycleOptions
    let context: Context

    init(_ arguments: ParsedArguments, context: Context) throws(UsageError) {
        paths = try requirePaths(arguments, command: "plan")
        store = try StateLocation.store(arguments, environment: context.environment)
        filter = PlanFilter(targets: arguments.values("--target"), excludes: arguments.values("--exclude"))
        format = try PlanOutputFormat(arguments)
        detailedExitCode = arguments.flag("--detailed-exitcode")
        api = try APIAccess(arguments)
        lifecycle = try LifecycleOptions(arguments)
        self.context = context
    }

    func run() async -> ExitCode {
        guard let (configuration, _) = context.loadConfiguration(paths) else { return .failure }
        return await Self.plan(configuration, store: store, filter: filter, format: format, api: api, lifecycle: lifecycle, detailedExitCode: detailedExitCode, context: context)
    }

    /// Plans against state, and with `--refresh` against the server too. Writes nothing.
    static func plan(
        _ configuration: Configuration, store: any StateStore, filter: PlanFilter, format: PlanOutputFormat,
        api: APIAccess, lifecycle: LifecycleOptions, detailedExitCode: Bool, context: Context
    ) async -> ExitCode {
        guard case .success(let state) = context.loadState(from: store, region: configuration.region) else { return .failure }
        var observation: ServerObservation?
        if lifecycle.refresh {
            do {
                let client = try api.makeClient(context: context, parallelism: 8)
                observation = try await Refresher(client: client, region: configuration.region).observe(state ?? State(region: configuration.region))
            } catch {
                context.console.printError("error: reading the server's plans for --refresh: \(error)")
                return .failure
            }
        }
        let diff = PlanDiff(configuration: configuration, state: state, filter: filter, observation: observation)
        var rendering = PlanRendering(context: context, region: configuration.region, store: store.displayName)
        rendering.prune = lifecycle.prune
        rendering.render(diff, format: format)
        if lifecycle.prune, diff.summary.delete > lifecycle.maxDeletes {
            context.console.printError("warning: \(diff.summary.delete) plans would be deleted, more than --max-deletes \(lifecycle.maxDeletes): apply --prune would refuse to run.")
        }
        if detailedExitCode, diff.summary.hasChanges(pruning: lifecycle.prune) { return .changesPresent }
        return .success
    }
}

/// `--output`: how plans and results are printed.
enum PlanOutputFormat: String, Sendable {
    case text, json, github

    init(_ arguments: ParsedArguments) throws(UsageError) {
        self.init(rawValue: try arguments.choice("--output", among: ["text", "json", "github"], default: "text"))!
    }
}
