/// Everything `jmr-sim` can be told on its command line.
public struct SimulatorOptions: Sendable, Equatable {
    /// IPv4 address to listen on.
    public var host = "127.0.0.1"
    /// TCP port; 0 picks a free one.
    public var port: UInt16 = 8080
    /// With `secretKey`, every /v1 request must carry a valid JDCLOUD3 signature by this key.
    public var accessKey: String?
    public var secretKey: String?
    /// Delay before answering each /v1 call, in milliseconds.
    public var latencyMilliseconds = 0
    /// Share of /v1 calls answered 500 INTERNAL before any change.
    public var failRate = 0.0
    /// Share of /v1 calls that make their change, then answer 503 UNAVAILABLE.
    public var failAfterCommitRate = 0.0
    /// Share of /v1 calls whose connection is closed without an answer (half before, half after the change).
    public var dropRate = 0.0
    /// Seed of the fault-injection PRNG.
    public var seed: UInt64 = 0
    /// Plans are loaded from here on start and saved here (atomically) after each change.
    public var stateFile: String?
    /// No per-request log lines.
    public var quiet = false
    /// Shifts the server clock (request-time window, Date headers, timestamps), to provoke clock skew.
    public var clockOffsetSeconds = 0.0
    /// Idle keep-alive connections are closed after this long.
    public var idleTimeoutSeconds = 15.0
    /// Largest accepted request head and body.
    public var limits = HTTPLimits()

    public init() {}

    /// True when requests must be signed.
    public var requiresSignature: Bool { accessKey != nil && secretKey != nil }
}

/// What the command line asks for.
public enum SimulatorInvocation: Sendable, Equatable {
    case run(SimulatorOptions)
    case help
}

/// A command-line mistake; `jmr-sim` prints it with the usage text and exits 64.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension SimulatorOptions {
    /// The usage text printed by `--help` and after a usage error.
    public static let usage = """
        usage: jmr-sim [--host 127.0.0.1] [--port 8080] [--access-key AK --secret-key SK]
                       [--latency-ms N] [--fail-rate F] [--fail-after-commit-rate F] [--drop-rate F]
                       [--seed S] [--state-file PATH] [--quiet] [--help]

        A local simulator of the JD Cloud JMR scheduling-plan API (cronJob:create, :list, ...).

          --host ADDR                 IPv4 address to listen on (default 127.0.0.1)
          --port N                    port to listen on; 0 picks a free one (default 8080)
          --access-key AK             with --secret-key: require JDCLOUD3-HMAC-SHA256 signatures
          --secret-key SK             the secret of --access-key (never printed)
          --latency-ms N              delay every /v1 call by N milliseconds
          --fail-rate F               answer a share F of /v1 calls 500 INTERNAL, changing nothing
          --fail-after-commit-rate F  make the change of a share F of calls, then answer 503 UNAVAILABLE
          --drop-rate F               close the connection of a share F of calls without answering;
                                      half of the drops happen after the change was made
          --seed S                    seed of the fault-injection random sequence (default 0)
          --state-file PATH           load plans from PATH on start, save them after every change
          --quiet                     no per-request log lines on stderr
          --help                      show this text

        Fault rates are fractions between 0 and 1 and may add up to at most 1.
        Inspection (unsigned, never faulted): GET /__sim/plans, GET /__sim/stats, POST /__sim/reset.
        """

    /// Parses the arguments after the program name. Accepts `--name value` and `--name=value`.
    public static func parse(_ arguments: [String]) throws(UsageError) -> SimulatorInvocation {
        var options = SimulatorOptions()
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            guard argument.hasPrefix("--") else { throw UsageError(message: "unexpected argument '\(argument)'") }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            func value() throws(UsageError) -> String {
                if let inlineValue { return inlineValue }
                guard let next = remaining.popFirst() else { throw UsageError(message: "\(name) needs a value") }
                return next
            }
            func flag() throws(UsageError) {
                if inlineValue != nil { throw UsageError(message: "\(name) takes no value") }
            }
            switch name {
            case "--help":
                try flag()
                return .help
            case "--quiet":
                try flag()
                options.quiet = true
            case "--host":
                let host = try value()
                guard isIPv4(host) else { throw UsageError(message: "--host must be an IPv4 address, got '\(host)'") }
                options.host = host
            case "--port":
                let text = try value()
                guard let port = UInt16(text) else { throw UsageError(message: "--port must be 0...65535, got '\(text)'") }
                options.port = port
            case "--access-key":
                let key = try value()
                guard !key.isEmpty else { throw UsageError(message: "--access-key must not be empty") }
                options.accessKey = key
            case "--secret-key":
                let key = try value()
                guard !key.isEmpty else { throw UsageError(message: "--secret-key must not be empty") }
                options.secretKey = key
            case "--latency-ms":
                options.latencyMilliseconds = try integer(try value(), name: name, range: 0...600_000)
            case "--fail-rate":
                options.failRate = try rate(try value(), name: name)
            case "--fail-after-commit-rate":
                options.failAfterCommitRate = try rate(try value(), name: name)
            case "--drop-rate":
                options.dropRate = try rate(try value(), name: name)
            case "--seed":
                let text = try value()
                guard let seed = UInt64(text) else { throw UsageError(message: "--seed must be a non-negative integer, got '\(text)'") }
                options.seed = seed
            case "--state-file":
                let path = try value()
                guard !path.isEmpty else { throw UsageError(message: "--state-file must not be empty") }
                options.stateFile = path
            case "--clock-offset-seconds":
                let text = try value()
                guard let seconds = Double(text), seconds.isFinite, abs(seconds) <= 10 * 365 * 86_400 else {
                    throw UsageError(message: "--clock-offset-seconds must be a number of seconds, got '\(text)'")
                }
                options.clockOffsetSeconds = seconds
            case "--idle-timeout-seconds":
                let text = try value()
                guard let seconds = Double(text), seconds > 0, seconds <= 3600 else {
                    throw UsageError(message: "--idle-timeout-seconds must be in (0, 3600], got '\(text)'")
                }
                options.idleTimeoutSeconds = seconds
            default:
                throw UsageError(message: "unknown option '\(name)'")
            }
        }
        if (options.accessKey == nil) != (options.secretKey == nil) {
            throw UsageError(message: "--access-key and --secret-key must be given together")
        }
        let total = options.failRate + options.failAfterCommitRate + options.dropRate
        if total > 1 + 1e-9 {
            throw UsageError(message: "--fail-rate, --fail-after-commit-rate and --drop-rate add up to more than 1")
        }
        return .run(options)
    }

    private static func integer(_ text: String, name: String, range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(message: "\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return number
    }

    private static func rate(_ text: String, name: String) throws(UsageError) -> Double {
        guard let number = Double(text), number >= 0, number <= 1 else {
            throw UsageError(message: "\(name) must be a number between 0 and 1, got '\(text)'")
        }
        return number
    }

    private static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && Int(part).map { $0 <= 255 } == true
        }
    }
}
