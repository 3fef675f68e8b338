import Foundation

/// What every command runs with.
struct Context: Sendable {
    var console: Console
    var environment: [String: String]
    /// "Now", for fire-time previews and timestamps.
    var now: Date
}

/// A jmr-apply subcommand: validated from its arguments first, then run.
protocol Command {
    static var name: String { get }
    /// One line for the command list.
    static var abstract: String { get }
    /// The synopsis, e.g. `jmr-apply validate FILE|DIR... [options]`.
    static var synopsis: String { get }
    static var options: [OptionSpec] { get }

    /// Checks the arguments; throws for anything wrong with the command line.
    init(_ arguments: ParsedArguments, context: Context) throws(UsageError)

    func run() async -> ExitCode
}

extension Command {
    /// The full `--help` text.
    static var help: String {
        var text = "\(abstract)\n\nUsage: \(synopsis)\n"
        if !options.isEmpty {
            text += "\nOptions:\n"
            let rows = options.map { spec in
                (spec.kind == .flag ? spec.name : "\(spec.name) \(spec.valueName)", spec.help)
            }
            let width = min(30, rows.map(\.0.count).max() ?? 0)
            for (left, right) in rows {
                let pad = String(repeating: " ", count: max(1, width - left.count + 2))
                text += "  \(left)\(pad)\(right)\n"
            }
        }
        return text
    }
}

/// Options shared by several commands.
enum CommonOptions {
    static let help = OptionSpec.flag("--help", "Show this help.")
    static let state = OptionSpec.single("--state", "PATH|URL", "State file or postgres:// URL (default: $JMR_STATE, else ./jmr-apply.state.json).")
    static let workspace = OptionSpec.single("--workspace", "NAME", "PostgreSQL workspace (default: $JMR_WORKSPACE, else default).")
    static let target = OptionSpec.repeated("--target", "GLOB", "Only plans whose names match (repeatable).")
    static let exclude = OptionSpec.repeated("--exclude", "GLOB", "Skip plans whose names match (repeatable).")
    static let output = OptionSpec.single("--output", "FORMAT", "text (default), json or github.")
    static let detailedExitCode = OptionSpec.flag("--detailed-exitcode", "Exit 0 with no changes, 2 with changes, 1 on error.")
    static let lockTimeout = OptionSpec.single("--lock-timeout", "DURATION", "How long to wait for the state lock (default: 60s).")
    static let refresh = OptionSpec.flag("--refresh", "Read the server first: report drift, recreate plans deleted outside jmr-apply.")
    static let prune = OptionSpec.flag("--prune", "Delete plans that are in state but no longer declared.")
    static let maxDeletes = OptionSpec.single("--max-deletes", "N", "With --prune, refuse the whole run when more than N plans would be deleted (default: 5).")
}

/// `--refresh`, `--prune` and `--max-deletes`.
struct LifecycleOptions {
    var refresh: Bool
    var prune: Bool
    var maxDeletes: Int

    init(_ arguments: ParsedArguments) throws(UsageError) {
        refresh = arguments.flag("--refresh")
        prune = arguments.flag("--prune")
        maxDeletes = try arguments.integer("--max-deletes", default: 5, range: 0...1_000_000)
        if arguments.value("--max-deletes") != nil, !prune {
            throw UsageError("--max-deletes applies only with --prune")
        }
    }
}
