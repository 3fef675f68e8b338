import Foundation
import PlanConfig
import PlanDiff

/// The machine-readable plan, schema documented in docs/plan-json.md (formatVersion "1").
enum PlanJSON {
    static let formatVersion = "1"

    struct Document: Encodable {
        var formatVersion = PlanJSON.formatVersion
        var region: String
        var changes: [Change]
        var summary: PlanDiff.Summary
    }

    struct Change: Encodable {
        var name: String
        var action: ChangeAction
        var planId: Int64?
        var source: SourceLocation?
        var before: PlanSpec?
        var after: PlanSpec?
        var fieldChanges: [FieldChange]
        var nextFireTimes: FireTimes?
        var drift: [FieldChange]
        var deletedOutside: Bool
        /// For a delete: true when it happens (`--prune`).
        var willDelete: Bool?

        enum CodingKeys: String, CodingKey {
            case name, action, planId, source, before, after, fieldChanges, nextFireTimes, drift, deletedOutside, willDelete
        }

        /// Optional members are written as null, so every change has every key.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(action, forKey: .action)
            try container.encode(planId, forKey: .planId)
            try container.encode(source, forKey: .source)
            try container.encode(before, forKey: .before)
            try container.encode(after, forKey: .after)
            try container.encode(fieldChanges, forKey: .fieldChanges)
            try container.encode(nextFireTimes, forKey: .nextFireTimes)
            try container.encode(drift, forKey: .drift)
            try container.encode(deletedOutside, forKey: .deletedOutside)
            try container.encode(willDelete, forKey: .willDelete)
        }
    }

    struct FireTimes: Encodable {
        var timezone: String
        var before: [String]
        var after: [String]
    }

    static func document(_ diff: PlanDiff, region: String, now: Date, prune: Bool) -> String {
        let changes = diff.changes.map { change in
            var fireTimes: FireTimes?
            if change.changesSchedule, let zone = change.plan?.timeZone {
                let preview = change.fireTimePreview(count: PlanRendering.previewCount, after: now)
                fireTimes = FireTimes(
                    timezone: change.plan!.timeZoneName,
                    before: preview.before.map { FireTimeFormat.iso($0, in: zone) },
                    after: preview.after.map { FireTimeFormat.iso($0, in: zone) }
                )
            }
            return Change(
                name: change.name, action: change.action, planId: change.planId, source: change.plan?.location,
                before: change.before, after: change.after, fieldChanges: change.fieldChanges, nextFireTimes: fireTimes,
                drift: change.drift, deletedOutside: change.deletedOutside, willDelete: change.action == .delete ? prune : nil
            )
        }
        return encode(Document(region: region, changes: changes, summary: diff.summary))
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
