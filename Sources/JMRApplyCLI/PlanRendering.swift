import Foundation
import PlanConfig
import PlanDiff

/// Prints a plan as text, JSON or GitHub workflow commands.
struct PlanRendering {
    let context: Context
    let region: String
    let store: String
    /// With `--prune`, deletes are shown as happening.
    var prune = false
    /// How many fire times a schedule change previews.
    static let previewCount = 3

    func render(_ diff: PlanDiff, format: PlanOutputFormat) {
        switch format {
        case .text: renderText(diff)
        case .json: context.console.print(PlanJSON.document(diff, region: region, now: context.now, prune: prune))
        case .github: renderGitHub(diff)
        }
    }

    // MARK: text

    private func renderText(_ diff: PlanDiff) {
        let console = context.console
        let colour = console.colours(.output)
        // Chosen by index: filtering would copy every change (a plan and a record) to test it.
        let changes = diff.changes.indices.filter { diff.changes[$0].action != .noop || !diff.changes[$0].drift.isEmpty }
            .map { diff.changes[$0] }
        if !changes.isEmpty {
            console.print("jmr-apply will make these changes (region \(region), state \(store)):\n")
        }
        for change in changes {
            for line in textLines(for: change, colour: colour) { console.print(line) }
            console.print("")
        }
        console.print(Self.summaryLine(diff.summary, colour: colour, prune: prune))
    }

    /// `(drift: server schedule "0 0 3 * * ?", declared "0 30 2 * * ?")`, or nil without drift.
    static func driftNote(_ change: PlanChange) -> String? {
        if change.deletedOutside { return "(deleted outside jmr-apply)" }
        guard !change.drift.isEmpty else { return nil }
        let declared = Dictionary(uniqueKeysWithValues: change.after?.fieldValues.map { ($0.name, $0.value) } ?? [])
        let parts = driftFields(change.drift).map { field -> String in
            let declaredValue: String? = field.name == "schedule" ? change.after?.schedule.description : (declared[field.name] ?? nil)
            let serverValue = field.name == "schedule" ? change.serverSpec?.schedule.description : field.server
            return "server \(field.name) \(quoted(serverValue)), declared \(quoted(declaredValue))"
        }
        return "(drift: " + parts.joined(separator: "; ") + ")"
    }

    /// Drifted fields, with the six schedule fields shown as one expression.
    private static func driftFields(_ drift: [FieldChange]) -> [(name: String, server: String?)] {
        var fields: [(name: String, server: String?)] = []
        var scheduleShown = false
        for field in drift {
            if field.field.hasPrefix("schedule.") {
                guard !scheduleShown else { continue }
                scheduleShown = true
                fields.append(("schedule", nil))
            } else {
                fields.append((field.field, field.after))
            }
        }
        return fields
    }

    static func quoted(_ value: String?) -> String {
        guard let value else { return "(none)" }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func summaryLine(_ summary: PlanDiff.Summary, colour: Bool, prune: Bool = false) -> String {
        guard summary.create + summary.update + summary.delete > 0 else {
            return Style.green.apply("No changes.", colour) + " \(summary.noop) plan\(summary.noop == 1 ? "" : "s") match the recorded state."
        }
        let deletes = prune ? summary.delete : 0
        var line = Style.bold.apply("Plan:", colour)
            + " \(summary.create) to create, \(summary.update) to update, \(deletes) to delete, \(summary.noop) unchanged."
        if summary.delete > 0, !prune {
            line += " \(summary.delete) plan\(summary.delete == 1 ? "" : "s") would be deleted with --prune."
        }
        return line
    }

    private func textLines(for change: PlanChange, colour: Bool) -> [String] {
        let id = (change.planId ?? change.record?.planId).map { " (planId \($0))" } ?? ""
        let drift = Self.driftNote(change).map { " " + Style.yellow.apply($0, colour) } ?? ""
        let source = change.plan.map { "  " + Style.dim.apply("\($0.location)", colour) } ?? ""
        var lines: [String] = []
        switch change.action {
        case .create:
            lines.append(Style.green.apply("  + create \(change.name)", colour) + (change.deletedOutside ? id : "") + drift + source)
            if change.resumesInterruptedCreate {
                lines.append("      (an earlier run was interrupted creating it: apply looks it up by name first)")
            }
            if let spec = change.after {
                let fields = spec.fieldValues.filter { $0.value != nil && !($0.name == "enabled" && $0.value == "true") }
                let shown = [("schedule", spec.schedule.description)] + fields.filter { !$0.name.hasPrefix("schedule.") }.map { ($0.name, $0.value!) }
                let width = shown.map(\.0.count).max() ?? 0
                for (name, value) in shown.sorted(by: { order($0.0) < order($1.0) }) {
                    let zone = name == "schedule" ? "  (\(change.plan!.timeZoneName))" : ""
                    lines.append("      \(name.padding(toLength: width, withPad: " ", startingAt: 0)) = \(quote(value))\(zone)")
                }
            }
        case .update:
            lines.append(Style.yellow.apply("  ~ update \(change.name)", colour) + id + drift + source)
            let width = change.fieldChanges.map(\.field.count).max() ?? 0
            for field in change.fieldChanges {
                let name = field.field.padding(toLength: width, withPad: " ", startingAt: 0)
                lines.append("      \(name)  \(quote(field.before)) -> \(quote(field.after))")
            }
        case .delete:
            lines.append(Style.red.apply("  - delete \(change.name)", colour) + id + (prune ? "" : ": would be deleted with --prune"))
        case .noop:
            lines.append("  = \(change.name)" + id + drift + ": the server already matches the files (apply --refresh records it)")
        }
        if change.changesSchedule, let plan = change.plan {
            let preview = change.fireTimePreview(count: Self.previewCount, after: context.now)
            let zone = plan.timeZone
            lines.append("      next fire times (\(plan.timeZoneName)):")
            if change.action == .update {
                lines.append("        before: " + preview.before.map { FireTimeFormat.string($0, in: zone) }.joined(separator: ", "))
                lines.append("        after:  " + preview.after.map { FireTimeFormat.string($0, in: zone) }.joined(separator: ", "))
            } else {
                lines.append("        " + preview.after.map { FireTimeFormat.string($0, in: zone) }.joined(separator: ", "))
            }
        }
        return lines
    }

    private func order(_ field: String) -> Int {
        ["schedule", "cluster", "jobs"].firstIndex(of: field) ?? 3
    }

    private func quote(_ value: String?) -> String { Self.quoted(value) }

    // MARK: github

    private func renderGitHub(_ diff: PlanDiff) {
        let console = context.console
        for change in diff.changes where change.action != .noop || !change.drift.isEmpty {
            var message: String
            switch change.action {
            case .create: message = "+ create \(change.name)"
            case .update: message = "~ update \(change.name): " + change.fieldChanges.map { "\($0.field) \($0.before ?? "(none)") -> \($0.after ?? "(none)")" }.joined(separator: "; ")
            case .delete: message = "- delete \(change.name)" + (prune ? "" : ": would be deleted with --prune")
            case .noop:
                guard !change.drift.isEmpty else { continue }
                message = "= \(change.name): the server already matches the files"
            }
            if let note = Self.driftNote(change) { message += " " + note }
            console.print(GitHubWorkflow.notice(message, location: change.plan?.location))
        }
        console.print(Self.summaryLine(diff.summary, colour: false, prune: prune))
        if let path = context.environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
            GitHubWorkflow.appendSummary(GitHubWorkflow.markdownTable(diff, region: region), to: path, console: console)
        }
    }
}
