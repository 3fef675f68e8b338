import Foundation
import PlanConfig
import PlanDiff

/// GitHub Actions workflow commands and step summaries.
enum GitHubWorkflow {
    /// `::notice file=F,line=L,col=C::message`, escaped per the workflow-command rules.
    static func notice(_ message: String, location: SourceLocation?, level: String = "notice") -> String {
        var properties = ""
        if let location {
            properties = " file=\(escapeProperty(location.file)),line=\(location.line),col=\(location.column)"
        }
        return "::\(level)\(properties)::\(escapeData(message))"
    }

    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    /// A Markdown table of the plan's changes.
    static func markdownTable(_ diff: PlanDiff, region: String) -> String {
        let summary = diff.summary
        var text = "### jmr-apply plan (\(region))\n\n"
        text += "\(summary.create) to create, \(summary.update) to update, \(summary.delete) not declared (deleted only with --prune), \(summary.noop) unchanged.\n\n"
        let changes = diff.changes.filter { $0.action != .noop }
        guard !changes.isEmpty else { return text + "No changes.\n" }
        text += "| action | plan | planId | changes |\n|---|---|---|---|\n"
        for change in changes {
            let details = change.fieldChanges.map { "`\($0.field)`: \(cell($0.before ?? "(none)")) → \(cell($0.after ?? "(none)"))" }.joined(separator: "<br>")
            text += "| \(change.action.rawValue) | \(cell(change.name)) | \(change.planId.map(String.init) ?? "") | \(details) |\n"
        }
        return text
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    static func appendSummary(_ markdown: String, to path: String, console: Console) {
        guard let handle = FileHandle(forWritingAtPath: path) ?? {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }() else {
            console.printError("warning: cannot write the step summary to \(path)")
            return
        }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data((markdown + "\n").utf8))
    }
}
