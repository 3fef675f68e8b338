import Foundation
import PlanApply
import PlanDiff

/// Prints apply progress, per-plan results and the final summary.
struct ApplyRendering: Sendable {
    let context: Context
    let format: PlanOutputFormat

    /// One line per finished change (text and github), plus a progress line on a TTY.
    func renderProgress(_ result: ApplyResult, done: Int, total: Int) {
        let console = context.console
        guard format != .json else { return }
        console.clearProgress()
        let line = Self.line(for: result, colour: console.colours(.output))
        if format == .github, !result.succeeded {
            console.print(GitHubWorkflow.notice(Self.line(for: result, colour: false), location: nil, level: "error"))
        } else {
            console.print(line)
        }
        console.flush()
        if done < total { console.progress("Applying: \(done)/\(total) done...") } else { console.clearProgress() }
    }

    static func line(for result: ApplyResult, colour: Bool) -> String {
        let id = result.planId.map { "planId \($0), " } ?? ""
        let timing = "\(id)\(result.elapsedMilliseconds) ms"
        var line = outcomeLine(result, timing: timing, colour: colour)
        if let status = result.statusChange, result.outcome != .statusChanged { line += ", then \(status.rawValue)" }
        for warning in result.warnings { line += "\n    " + Style.yellow.apply("warning:", colour) + " \(warning)" }
        return line
    }

    private static func outcomeLine(_ result: ApplyResult, timing: String, colour: Bool) -> String {
        switch result.outcome {
        case .created: return Style.green.apply("+ created", colour) + " \(result.name) (\(timing))"
        case .updated: return Style.yellow.apply("~ updated", colour) + " \(result.name) (\(timing))"
        case .adopted(let updated):
            return Style.cyan.apply("= adopted", colour) + " \(result.name) (\(timing)): it already existed on the server\(updated ? " and was updated to match" : "")"
        case .failed:
            let request = Self.requestNote(result).map { ", \($0)" } ?? ""
            return Style.red.apply("! failed", colour) + " \(result.name) (\(timing)\(request)): \(result.error ?? "unknown error")"
        case .deleted: return Style.red.apply("- deleted", colour) + " \(result.name) (\(timing))"
        case .statusChanged:
            return Style.yellow.apply("~ \(result.statusChange?.rawValue ?? "updated")", colour) + " \(result.name) (\(timing))"
        case .skipped:
            return Style.dim.apply("  skipped", colour) + " \(result.name): \(result.error ?? "not attempted after an earlier failure")"
        }
    }

    /// `requestId X`, unless the error text already names it.
    static func requestNote(_ result: ApplyResult) -> String? {
        guard let id = result.requestId, !(result.error ?? "").contains(id) else { return nil }
        return "requestId \(id)"
    }

    /// Before applying: what `--refresh` found (drift, plans deleted outside jmr-apply).
    func renderDrift(_ diff: PlanDiff) {
        guard format != .json else { return }
        let console = context.console
        let colour = console.colours(.output)
        for change in diff.changes {
            guard let note = PlanRendering.driftNote(change) else { continue }
            let verb = change.action == .noop ? "already matches the files; recorded" : change.deletedOutside ? "will be created again" : "will be repaired"
            let line = Style.yellow.apply("drift", colour) + " \(change.name) \(note): \(verb)"
            if format == .github {
                console.print(GitHubWorkflow.notice(line, location: change.plan?.location, level: "warning"))
            } else {
                console.print(line)
            }
        }
    }

    func renderNothingToDo(_ diff: PlanDiff, prune: Bool) {
        let report = ApplyReport(results: [], unchanged: diff.summary.noop, notDeclared: prune ? 0 : diff.summary.delete, stateError: nil)
        renderReport(report)
    }

    func renderReport(_ report: ApplyReport) {
        let console = context.console
        if format == .json {
            console.print(PlanJSON.encode(ApplyJSON(report)))
            return
        }
        let colour = console.colours(.output)
        var counts: [String: Int] = [:]
        for result in report.results {
            switch result.outcome {
            case .created: counts["created", default: 0] += 1
            case .updated: counts["updated", default: 0] += 1
            case .adopted: counts["adopted", default: 0] += 1
            case .failed: counts["failed", default: 0] += 1
            case .deleted: counts["deleted", default: 0] += 1
            case .statusChanged: counts[result.statusChange?.rawValue ?? "updated", default: 0] += 1
            case .skipped: counts["skipped", default: 0] += 1
            }
            if let status = result.statusChange, result.outcome != .statusChanged { counts[status.rawValue, default: 0] += 1 }
        }
        if report.results.isEmpty {
            console.print(Style.green.apply("No changes.", colour) + " \(report.unchanged) plan\(report.unchanged == 1 ? "" : "s") match the recorded state.")
        } else {
            let parts = ["created", "updated", "adopted", "deleted", "paused", "resumed", "failed", "skipped"].compactMap { key in counts[key].map { "\($0) \(key)" } }
            let head = report.succeeded ? Style.green.apply("Apply complete:", colour) : Style.red.apply("Apply failed:", colour)
            console.print("\(head) \(parts.joined(separator: ", ")), \(report.unchanged) unchanged. \(report.calls) API calls.")
        }
        if report.notDeclared > 0 {
            console.print("\(report.notDeclared) plan\(report.notDeclared == 1 ? " is" : "s are") in state but no longer declared; they would be deleted with --prune.")
        }
        if !report.failures.isEmpty || report.stateError != nil {
            console.printError("")
            console.printError("Failures:")
            for failure in report.failures where failure.outcome == .failed {
                let request = Self.requestNote(failure).map { " (\($0))" } ?? ""
                console.printError("  \(failure.name): \(failure.error ?? "unknown error")\(request)")
            }
            if let stateError = report.stateError {
                console.printError("  state: \(stateError)")
            }
        }
    }
}

/// The `--output json` document of an apply (formatVersion "1").
struct ApplyJSON: Encodable {
    struct Result: Encodable {
        var name: String
        var action: String
        var outcome: String
        var planId: Int64?
        var requestId: String?
        var elapsedMs: Int64
        var calls: Int
        var error: String?
        var statusChange: String?
        var warnings: [String]
    }

    var formatVersion = "1"
    var results: [Result]
    var unchanged: Int
    var notDeclared: Int
    var succeeded: Bool
    var stateError: String?

    init(_ report: ApplyReport) {
        results = report.results.sorted { $0.name < $1.name }.map { result in
            let outcome: String
            switch result.outcome {
            case .created: outcome = "created"
            case .updated: outcome = "updated"
            case .adopted(let updated): outcome = updated ? "adopted-updated" : "adopted"
            case .failed: outcome = "failed"
            case .deleted: outcome = "deleted"
            case .statusChanged: outcome = result.statusChange?.rawValue ?? "updated"
            case .skipped: outcome = "skipped"
            }
            return Result(
                name: result.name, action: result.action.rawValue, outcome: outcome, planId: result.planId,
                requestId: result.requestId, elapsedMs: result.elapsedMilliseconds, calls: result.calls, error: result.error,
                statusChange: result.statusChange?.rawValue, warnings: result.warnings
            )
        }
        unchanged = report.unchanged
        notDeclared = report.notDeclared
        succeeded = report.succeeded
        stateError = report.stateError
    }
}
