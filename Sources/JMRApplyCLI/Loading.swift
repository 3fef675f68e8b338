import PlanConfig
import PlanState

extension Context {
    /// Loads plans files, printing every diagnostic; nil when any is an error.
    func loadConfiguration(_ paths: [String]) -> (configuration: Configuration, fileCount: Int)? {
        let result = ConfigLoader(environment: environment).load(paths: paths)
        var printer = DiagnosticPrinter(console: console, sources: result.sources)
        printer.print(result.diagnostics)
        guard let configuration = result.configuration else {
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            let files = Set(result.diagnostics.compactMap { $0.location?.file }).count
            let where_ = files > 1 ? " in \(files) files" : ""
            console.printError("\(errors) error\(errors == 1 ? "" : "s")\(where_); nothing was changed.")
            return nil
        }
        return (configuration, result.sources.count)
    }

    /// Releases the state lock, reporting a failure instead of swallowing it: for
    /// PostgreSQL a lost session or a false `pg_advisory_unlock` means the lock was not
    /// held to the end, and the user must hear of it.
    func releaseLock(on store: any StateStore) {
        do {
            try store.unlock()
        } catch {
            console.printError("error: releasing the state lock: \(error)")
        }
    }

    /// Loads state and checks it belongs to the configuration's region; prints why not.
    func loadState(from store: any StateStore, region: String) -> Result<State?, StateError> {
        do {
            let state = try store.load()
            try state?.checkRegion(region, store: store.displayName)
            return .success(state)
        } catch {
            console.printError("error: \(error)")
            return .failure(error)
        }
    }
}

/// Checks that a command got at least one FILE or DIR.
func requirePaths(_ arguments: ParsedArguments, command: String) throws(UsageError) -> [String] {
    guard !arguments.positionals.isEmpty else {
        throw UsageError("\(command) needs at least one FILE or DIR")
    }
    return arguments.positionals
}
