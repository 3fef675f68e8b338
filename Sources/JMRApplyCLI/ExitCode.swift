/// jmr-apply's exit-code contract, documented in docs/exit-codes.md.
public enum ExitCode: Int32, Sendable {
    /// Success (with `--detailed-exitcode`: success and no changes).
    case success = 0
    /// An error: invalid input, a failed call, a lock timeout.
    case failure = 1
    /// With `--detailed-exitcode`: success, and there are changes.
    case changesPresent = 2
    /// The command line itself is wrong (EX_USAGE).
    case usage = 64
}
