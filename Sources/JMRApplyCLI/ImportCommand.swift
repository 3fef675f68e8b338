import JMRAPI
import PlanApply
import PlanConfig
import PlanDiff
import PlanState

/// `jmr-apply import FILE|DIR... [--generate]`: adopts existing server plans into state
/// without changing them; `--generate` prints plans.yaml for server plans no file declares.
struct ImportCommand: Command {
    static let name = "import"
    static let abstract = "Adopt plans that already exist on the server into state, without changing them."
    static let synopsis = "jmr-apply import FILE|DIR... [--generate] [--state PATH|URL] [--endpoint URL] [--target GLOB] [--exclude GLOB]"
    static let options: [OptionSpec] = [
        .flag("--generate", "Print plans.yaml for server plans that no file declares (changes nothing)."),
        CommonOptions.state, CommonOptions.workspace, CommonOptions.target, CommonOptions.exclude, CommonOptions.lockTimeout,
    ] + APIAccess.options + [CommonOptions.help]

    let paths: [String]
    let generate: Bool
    let store: any StateStore
    let filter: PlanFilter
    let lockTimeout: Duration
    let api: APIAccess
    let context: Context

    init(_ arguments: ParsedArguments, context: Context) throws(UsageError) {
        paths = try requirePaths(arguments, command: "import")
        generate = arguments.flag("--generate")
        store = try StateLocation.store(arguments, environment: context.environment)
        filter = PlanFilter(targets: arguments.values("--target"), excludes: arguments.values("--exclude"))
        lockTimeout = try arguments.duration("--lock-timeout", default: .seconds(60))
        api = try APIAccess(arguments)
        self.context = context
    }

    func run() async -> ExitCode {
        let console = context.console
        guard let (configuration, _) = context.loadConfiguration(paths) else { return .failure }
        do {
            let client = try api.makeClient(context: context, parallelism: 8)
            if generate {
                let declared = Set(configuration.plans.map(\.name))
                let plans = try await Refresher(client: client, region: configuration.region).serverPlans()
                    .filter { plan in plan.planName.map { !declared.contains($0) && filter.selects($0) } ?? false }
                console.print(PlanGenerator.yaml(for: plans, region: configuration.region), terminator: "")
                console.printError("Generated \(plans.count) plan\(plans.count == 1 ? "" : "s") that no file declares.")
                return .success
            }
            try store.lock(timeout: lockTimeout, holder: .current(command: "jmr-apply import")) { holder in
                console.printError("Waiting for the state lock on \(store.displayName), held by \(holder.map(String.init(describing:)) ?? "another process")...")
            }
            defer { context.releaseLock(on: store) }
            guard case .success(let loaded) = context.loadState(from: store, region: configuration.region) else { return .failure }
            var state = loaded ?? State(region: configuration.region)
            state.region = configuration.region
            state.endpoint = client.configuration.endpoint.description
            let journal = StateJournal(store: store, state: state)
            let plans = configuration.plans.filter { filter.selects($0.name) }
            let outcomes = try await Importer(client: client, region: configuration.region).importPlans(plans, into: journal)
            var imported = 0, missing = 0
            for (name, outcome) in outcomes {
                switch outcome {
                case .imported(let planId, let differences):
                    imported += 1
                    let note = differences.isEmpty ? "matches the files" : "differs in \(differences.joined(separator: ", ")): the next apply updates it"
                    console.print("= imported \(name) (planId \(planId)): \(note)")
                case .notFound:
                    missing += 1
                    console.print("  \(name): not on the server; the next apply creates it")
                case .alreadyManaged:
                    break
                }
            }
            console.print("Import complete: \(imported) imported, \(missing) not on the server, \(outcomes.count - imported - missing) already in state. Nothing on the server was changed.")
            return .success
        } catch {
            console.printError("error: \(error)")
            return .failure
        }
    }
}
