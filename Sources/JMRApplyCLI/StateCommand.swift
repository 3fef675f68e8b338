import Foundation
import PlanState

/// `jmr-apply state list | show NAME | rm NAME --yes`: inspect and edit recorded state.
struct StateCommand: Command {
    static let name = "state"
    static let abstract = "List, show or forget plans in state, or migrate state between stores."
    static let synopsis = "jmr-apply state list | show NAME | rm NAME --yes | migrate --from PATH|URL --to PATH|URL  [--state PATH|URL] [--output text|json]"
    static let options: [OptionSpec] = [
        CommonOptions.state, CommonOptions.workspace, CommonOptions.lockTimeout,
        .flag("--yes", "Confirm 'state rm' (it forgets the plan; the server is not touched)."),
        .single("--from", "PATH|URL", "'state migrate': the store to copy from."),
        .single("--to", "PATH|URL", "'state migrate': the store to copy to (empty, or the same lineage)."),
        .single("--output", "FORMAT", "text (default) or json."),
        CommonOptions.help,
    ]

    enum Action {
        case list
        case show(String)
        case remove(String)
        case migrate(from: any StateStore, to: any StateStore)
    }

    let action: Action
    let store: any StateStore
    let json: Bool
    let lockTimeout: Duration
    let context: Context

    init(_ arguments: ParsedArguments, context: Context) throws(UsageError) {
        let words = arguments.positionals
        switch (words.first, words.count) {
        case ("list", 1): action = .list
        case ("show", 2): action = .show(words[1])
        case ("migrate", 1):
            guard let from = arguments.value("--from"), let to = arguments.value("--to") else {
                throw UsageError("'state migrate' needs --from PATH|URL and --to PATH|URL")
            }
            let workspace = arguments.value("--workspace")
            action = .migrate(
                from: try StateLocation.store(from, workspace: workspace, option: "--from"),
                to: try StateLocation.store(to, workspace: workspace, option: "--to"))
        case ("rm", 2):
            guard arguments.flag("--yes") else {
                throw UsageError("'state rm' forgets '\(words[1])' without touching the server; add --yes to confirm")
            }
            action = .remove(words[1])
        case (nil, _): throw UsageError("state needs a subcommand: list, show NAME, rm NAME --yes or migrate --from --to")
        case (let word?, _) where ["list", "show", "rm", "migrate"].contains(word):
            throw UsageError(["list", "migrate"].contains(word) ? "'state \(word)' takes no arguments" : "'state \(word)' takes exactly one plan NAME")
        case (let word?, _): throw UsageError("unknown state subcommand '\(word)' (use list, show, rm or migrate)")
        }
        if case .migrate(let from, _) = action {
            // migrate names its stores with --from and --to (--workspace goes to those);
            // --state / JMR_STATE play no part.
            store = from
        } else {
            store = try StateLocation.store(arguments, environment: context.environment)
        }
        json = try arguments.choice("--output", among: ["text", "json"], default: "text") == "json"
        lockTimeout = try arguments.duration("--lock-timeout", default: .seconds(60))
        self.context = context
    }

    func run() async -> ExitCode {
        let console = context.console
        do {
            switch action {
            case .list:
                let records = (try store.load()?.plans.values.sorted { $0.name < $1.name }) ?? []
                if json {
                    console.print(PlanJSON.encode(records.map { ListEntry(name: $0.name, planId: $0.planId, appliedAt: $0.appliedAt) }))
                } else if records.isEmpty {
                    console.print("No plans in state \(store.displayName).")
                } else {
                    let width = records.map(\.name.count).max()!
                    for record in records {
                        let id = record.planId.map(String.init) ?? "-"
                        let at = record.appliedAt.map { $0.formatted(.iso8601) } ?? (record.pendingCreate != nil ? "(create interrupted)" : "-")
                        console.print("\(record.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(id.padding(toLength: 10, withPad: " ", startingAt: 0))  \(at)")
                    }
                }
            case .show(let name):
                guard let record = try store.load()?.plans[name] else {
                    console.printError("error: no plan named '\(name)' in state \(store.displayName)")
                    return .failure
                }
                console.print(PlanJSON.encode(record))
            case .remove(let name):
                try store.lock(timeout: lockTimeout, holder: .current(command: "jmr-apply state rm \(name)")) { holder in
                    console.printError("Waiting for the state lock, held by \(holder.map(String.init(describing:)) ?? "another process")...")
                }
                defer { context.releaseLock(on: store) }
                guard var state = try store.load(), state.plans[name] != nil else {
                    console.printError("error: no plan named '\(name)' in state \(store.displayName)")
                    return .failure
                }
                state.plans[name] = nil
                _ = try store.save(state)
                console.print("Removed '\(name)' from state \(store.displayName). The plan on the server was not touched.")
            case .migrate(let from, let to):
                let saved = try StateMigration.migrate(from: from, to: to, lockTimeout: lockTimeout, holder: .current(command: "jmr-apply state migrate")) { store, holder in
                    console.printError("Waiting for the state lock on \(store), held by \(holder.map(String.init(describing:)) ?? "another process")...")
                }
                console.print("Migrated \(saved.plans.count) plan\(saved.plans.count == 1 ? "" : "s") from \(from.displayName) to \(to.displayName) (lineage \(saved.lineage), serial \(saved.serial)).")
            }
            return .success
        } catch {
            console.printError("error: \(error)")
            return .failure
        }
    }

    private struct ListEntry: Encodable {
        var name: String
        var planId: Int64?
        var appliedAt: Date?
    }
}
