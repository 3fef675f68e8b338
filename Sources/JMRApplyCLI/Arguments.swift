import PlanConfig

/// A command-line mistake: printed with the command's usage, exit 64.
struct UsageError: Error, Sendable {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}

/// One option a command accepts.
struct OptionSpec: Sendable {
    enum Kind: Sendable {
        /// `--flag`
        case flag
        /// `--name VALUE` or `--name=VALUE`, at most once.
        case single
        /// `--name VALUE`, any number of times.
        case repeated
    }

    var name: String
    var kind: Kind
    var valueName: String
    var help: String

    static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .flag, valueName: "", help: help)
    }

    static func single(_ name: String, _ valueName: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .single, valueName: valueName, help: help)
    }

    static func repeated(_ name: String, _ valueName: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .repeated, valueName: valueName, help: help)
    }
}

/// Arguments split into positionals and options, checked against a command's specs.
struct ParsedArguments: Sendable {
    var positionals: [String] = []
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []

    init(_ arguments: [String], specs: [OptionSpec]) throws(UsageError) {
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if name == "-h" { name = "--help" }
            guard let spec = specs.first(where: { $0.name == name }) else {
                let hint = Suggestion.closest(to: name, among: specs.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                throw UsageError("unknown option '\(name)'\(hint)")
            }
            switch spec.kind {
            case .flag:
                if inlineValue != nil { throw UsageError("option '\(name)' takes no value") }
                flags.insert(name)
            case .single, .repeated:
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else if index < arguments.count {
                    value = arguments[index]
                    index += 1
                } else {
                    throw UsageError("option '\(name)' needs a value (\(spec.valueName))")
                }
                if spec.kind == .single, values[name] != nil {
                    throw UsageError("option '\(name)' may be given only once")
                }
                values[name, default: []].append(value)
            }
        }
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func value(_ name: String) -> String? { values[name]?.last }

    func values(_ name: String) -> [String] { values[name] ?? [] }

    /// A positive whole number option.
    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = value(name) else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError("option '\(name)' takes a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return number
    }

    /// A duration such as `60s`, `2m`, `500ms` or a plain number of seconds.
    func duration(_ name: String, default fallback: Duration) throws(UsageError) -> Duration {
        guard let text = value(name) else { return fallback }
        guard let duration = parseDuration(text) else {
            throw UsageError("option '\(name)' takes a duration such as 30s, 2m or 500ms, got '\(text)'")
        }
        return duration
    }

    /// One of a fixed set of words.
    func choice(_ name: String, among choices: [String], default fallback: String) throws(UsageError) -> String {
        guard let text = value(name) else { return fallback }
        guard choices.contains(text) else {
            throw UsageError("option '\(name)' takes one of \(choices.joined(separator: ", ")), got '\(text)'")
        }
        return text
    }
}

/// Parses `90`, `90s`, `1.5s`, `2m`, `500ms`, `1h`.
func parseDuration(_ text: String) -> Duration? {
    let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
    for unit in units where text.hasSuffix(unit.suffix) {
        guard let number = Double(text.dropLast(unit.suffix.count)), number >= 0, number.isFinite else { return nil }
        return .milliseconds(Int64((number * unit.seconds * 1000).rounded()))
    }
    guard let seconds = Double(text), seconds >= 0, seconds.isFinite else { return nil }
    return .milliseconds(Int64((seconds * 1000).rounded()))
}
