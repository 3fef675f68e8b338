import PlanConfig
import PlanDiff
import PlanState

/// `jmr-apply plan`: shows what apply would do, from local state only. Never calls the API.
struct PlanCommand: Command {
    static let name = "plan"
    static let abstract = "Show what apply would change, from recorded state (no API calls)."
    static let synopsis = "jmr-apply plan FILE|DIR... [--state PATH|URL] [--target GLOB] [--exclude GLOB] [--output text|json|github] [--detailed-exitcode]"
    static let options: [OptionSpec] = [
        CommonOptions.state, CommonOptions.workspace, CommonOptions.target, CommonOptions.exclude,
        CommonOptions.output, CommonOptions.detailedExitCode, CommonOptions.help,
    ]

    let paths: [String]
    let store: any StateStore
    let filter: PlanFilter
    let format: PlanOutputFormat
    let detailedExitCode: Bool
    let context: Context

    init(_ arguments: ParsedArguments, context: Context) throws(UsageError) {
        paths = try requirePaths(arguments, command: "plan")
        store = try StateLocation.store(arguments, environment: context.environment)
        filter = PlanFilter(targets: arguments.values("--target"), excludes: arguments.values("--exclude"))
        format = try PlanOutputFormat(arguments)
        detailedExitCode = arguments.flag("--detailed-exitcode")
        self.context = context
    }

    func run() async -> ExitCode {
        guard let (configuration, _) = context.loadConfiguration(paths) else { return .failure }
        guard case .success(let state) = context.loadState(from: store, region: configuration.region) else { return .failure }
        let diff = PlanDiff(configuration: configuration, state: state, filter: filter)
        PlanRendering(context: context, region: configuration.region, store: store.displayName).render(diff, format: format)
        if detailedExitCode, diff.summary.hasChanges(pruning: false) { return .changesPresent }
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
