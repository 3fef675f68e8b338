import Foundation

/// The `jmr-apply` command line: parses, validates, runs, and returns the exit code.
public enum JMRApply {
    /// The released version.
    public static let version = "0.1.0"

    nonisolated(unsafe) static let commands: [any Command.Type] = [
        ApplyCommand.self, PlanCommand.self, ValidateCommand.self, ImportCommand.self, StateCommand.self,
    ]

    /// Runs jmr-apply with `arguments` (without the program name).
    public static func main(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) async -> Int32 {
        let context = Context(console: Console(environment: environment), environment: environment, now: Date())
        defer { context.console.flush() }
        return await run(arguments, context: context).rawValue
    }

    static func run(_ arguments: [String], context: Context) async -> ExitCode {
        let console = context.console
        guard let first = arguments.first else {
            console.printError(overview)
            return .usage
        }
        switch first {
        case "--version", "version":
            console.print("jmr-apply \(version)")
            return .success
        case "--help", "-h", "help":
            if arguments.count > 1, let command = commands.first(where: { $0.name == arguments[1] }) {
                console.print(command.help)
            } else {
                console.print(overview)
            }
            return .success
        default:
            break
        }
        // `apply` is the default command: `jmr-apply plans.yaml`.
        let command = commands.first { $0.name == first }
        let rest = command == nil ? arguments : Array(arguments.dropFirst())
        return await run(command ?? ApplyCommand.self, rest, context: context)
    }

    static func run(_ type: any Command.Type, _ arguments: [String], context: Context) async -> ExitCode {
        let console = context.console
        do {
            let parsed = try ParsedArguments(arguments, specs: type.options)
            if parsed.flag("--help") {
                console.print(type.help)
                return .success
            }
            let command = try type.init(parsed, context: context)
            return await command.run()
        } catch {
            console.printError("error: \(error.message)")
            console.printError("Usage: \(type.synopsis)")
            console.printError("See 'jmr-apply \(type.name) --help'.")
            return .usage
        }
    }

    static var overview: String {
        var text = """
            jmr-apply \(version): manage JD MapReduce scheduling plans as code.

            Usage: jmr-apply [apply] FILE|DIR... [options]
                   jmr-apply <command> [options]

            Commands:

            """
        for command in commands {
            text += "  " + command.name.padding(toLength: 10, withPad: " ", startingAt: 0) + command.abstract + "\n"
        }
        text += "\nRun 'jmr-apply <command> --help' for a command's options."
        return text
    }
}
