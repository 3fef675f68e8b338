import PlanState
func postgresStore(_ location: String, workspace: String) throws(UsageError) -> any StateStore { throw UsageError("PostgreSQL state is not wired yet") }
struct ApplyCommand: Command {
    static let name = "apply"
    static let abstract = "Apply"
    static let synopsis = "jmr-apply [apply] FILE|DIR..."
    static let options: [OptionSpec] = []
    init(_ arguments: ParsedArguments, context: Context) throws(UsageError) { throw UsageError("not yet") }
    func run() async -> ExitCode { .failure }
}
