import Foundation
import PlanConfig

/// `jmr-apply validate FILE|DIR... [--next N]`: checks plans files without reading state.
struct ValidateCommand: Command {
    static let name = "validate"
    static let abstract = "Check plans files and report every error with its position."
    static let synopsis = "jmr-apply validate FILE|DIR... [--next N]"
    static let options: [OptionSpec] = [
        .single("--next", "N", "Also print each plan's next N fire times."),
        CommonOptions.help,
    ]

    let paths: [String]
    let nextCount: Int
    let context: Context

    init(_ arguments: ParsedArguments, context: Context) throws(UsageError) {
        paths = try requirePaths(arguments, command: "validate")
        nextCount = try arguments.integer("--next", default: 0, range: 0...1000)
        self.context = context
    }

    func run() async -> ExitCode {
        guard let (configuration, fileCount) = context.loadConfiguration(paths) else { return .failure }
        let console = context.console
        let plans = configuration.plans
        if nextCount > 0 {
            for plan in plans {
                console.print("\(plan.name) (\(plan.spec.schedule), \(plan.timeZoneName)):")
                let expression = try? plan.spec.schedule.cronExpression()
                let times = expression?.nextFireTimes(after: context.now, count: nextCount, in: plan.timeZone) ?? []
                if times.isEmpty { console.print("  (never fires)") }
                for time in times { console.print("  " + FireTimeFormat.string(time, in: plan.timeZone)) }
            }
        }
        let colour = console.colours(.output)
        console.print(Style.green.apply("Valid:", colour) + " \(plans.count) plan\(plans.count == 1 ? "" : "s") in \(fileCount) file\(fileCount == 1 ? "" : "s") (region \(configuration.region)).")
        return .success
    }
}

/// How fire times are shown: local wall time with its UTC offset.
enum FireTimeFormat {
    static func string(_ date: Date, in zone: TimeZone) -> String {
        format(date, zone, "yyyy-MM-dd HH:mm:ss xxx EEE")
    }

    /// ISO 8601 with the zone's offset, for JSON.
    static func iso(_ date: Date, in zone: TimeZone) -> String {
        format(date, zone, "yyyy-MM-dd'T'HH:mm:ssxxx")
    }

    private static func format(_ date: Date, _ zone: TimeZone, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
