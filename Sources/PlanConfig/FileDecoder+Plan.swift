import Foundation
import YAML

extension FileDecoder {
    /// Decodes the fields of a plan or of `defaults`.
    func decodePlanFields(_ node: Node, context: @autoclosure () -> String) -> PartialPlan {
        var fields = PartialPlan()
        guard let pairs = node.mapping else {
            error("\(context()) must be a mapping of plan fields, found \(node.kindDescription)", at: node)
            fields.invalidKeys = ["cluster", "jobs", "schedule"]
            return fields
        }
        for pair in pairs {
            guard let key = key(pair.key) else { continue }
            let value = pair.value
            var valid = true
            switch key {
            case "cluster":
                fields.cluster = requiredString(value, "cluster")
                valid = fields.cluster != nil
            case "jobs":
                fields.jobs = jobIds(value)
                valid = fields.jobs != nil
            case "schedule":
                fields.schedule = schedule(value)
                valid = fields.schedule != nil
            case "timezone":
                fields.timeZone = timeZone(value)
            case "description": fields.description = optionalString(value, key)
            case "failurePolicy": fields.failurePolicy = optionalString(value, key)
            case "type": fields.type = optionalString(value, key)
            case "az": fields.az = optionalString(value, key)
            case "clusterName": fields.clusterName = optionalString(value, key)
            case "jobGroup": fields.jobGroup = optionalString(value, key)
            case "trigger": fields.trigger = optionalString(value, key)
            case "enabled": fields.enabled = bool(value, key)
            case "sync": fields.sync = bool(value, key)
            default:
                unknownKey(key, at: pair.key, allowed: PartialPlan.keys, context: context())
            }
            if !valid { fields.invalidKeys.insert(key) }
        }
        return fields
    }

    /// `jobs`: a non-empty sequence of integer or string job ids.
    private func jobIds(_ node: Node) -> [String]? {
        guard let items = node.sequence else {
            error("jobs must be a sequence of job ids, found \(node.kindDescription)", at: node)
            return nil
        }
        guard !items.isEmpty else {
            error("jobs must not be empty: list at least one job id", at: node)
            return nil
        }
        var ids: [String] = []
        ids.reserveCapacity(items.count)
        for item in items {
            guard let id = text(item, "a job id", expected: "an integer or a string") else { continue }
            let trimmed = TextChecks.trimmingWhitespace(id)
            if trimmed.isEmpty {
                error("a job id must not be empty", at: item)
            } else if TextChecks.containsComma(trimmed) {
                error("a job id must not contain ',' (list each job id as its own item)", at: item)
            } else {
                ids.append(trimmed)
            }
        }
        return ids.count == items.count ? ids : nil
    }

    /// An IANA time zone name such as `Asia/Shanghai`.
    private func timeZone(_ node: Node) -> NamedTimeZone?? {
        if node.isNull { return .some(nil) }
        guard let name = text(node, "timezone", expected: "an IANA time zone name") else { return nil }
        guard let zone = TimeZone(identifier: name) else {
            error("unknown time zone '\(name)' (use an IANA name such as Asia/Shanghai or UTC)", at: node)
            return nil
        }
        return NamedTimeZone(name: name, zone: zone)
    }
}
