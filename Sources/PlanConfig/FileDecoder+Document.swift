import Foundation
import YAML

/// What one YAML document declares.
struct DocumentContent {
    var region: Located<String>?
    var plans: [Plan] = []
    /// Every validly named plan, including those with errors, for the duplicate check;
    /// left empty when each of them became a plan (`plans` then has the same names).
    var names: [Located<String>] = []

    /// How many plans are validly named.
    var nameCount: Int { names.isEmpty ? plans.count : names.count }

    /// Calls `body` with the name and location of each validly named plan, in order.
    func forEachName(_ body: (String, SourceLocation) -> Void) {
        if names.isEmpty {
            for index in plans.indices { body(plans[index].name, plans[index].location) }
        } else {
            for name in names { body(name.value, name.location) }
        }
    }
}

extension FileDecoder {
    static let topLevelKeys = ["version", "region", "defaults", "plans"]
    /// The default zone (what `Plan` looks up for "UTC"), looked up once.
    private static let utc = TimeZone(identifier: "UTC")

    /// Decodes one document: `version`, `region`, `defaults` and `plans`.
    ///
    /// Takes the document so that each plan's nodes can be freed as soon as the plan is
    /// decoded: the tree and the plans are never all in memory at once.
    func decodeDocument(_ root: consuming Node) -> DocumentContent {
        var content = DocumentContent()
        guard var pairs = root.mapping else {
            error("a plans file must be a mapping with version, region and plans, found \(root.kindDescription)", at: root)
            return content
        }
        var version: Node?, plans: Node?
        var defaults = PartialPlan()
        for pair in pairs {
            guard let key = key(pair.key) else { continue }
            switch key {
            case "version": version = pair.value
            case "region": content.region = requiredString(pair.value, "region").map { Located($0, at: location(pair.value.mark)) }
            case "defaults": defaults = decodePlanFields(pair.value, context: "defaults")
            case "plans": plans = pair.value
            default: unknownKey(key, at: pair.key, allowed: Self.topLevelKeys, context: "the top level")
            }
        }
        if let version {
            checkVersion(version)
        } else {
            error("missing required key 'version' (add 'version: 1')", at: root)
        }
        if content.region == nil, !pairs.contains(where: { $0.key.scalar?.value == "region" }) {
            error("missing required key 'region' (the JD Cloud regionId, e.g. cn-north-1)", at: root)
        }
        if let node = plans {
            // Let go of every other reference to the plans, so decodePlans holds the only one.
            (plans, pairs, root.content) = (nil, [], .sequence([]))
            (content.plans, content.names) = decodePlans(consume node, defaults: defaults)
        } else {
            error("missing required key 'plans' (a mapping from plan name to plan)", at: root)
        }
        return content
    }

    private func checkVersion(_ node: Node) {
        guard let value = text(node, "version", expected: "the number 1") else { return }
        if value != "1" {
            error("unknown version '\(value)'; this jmr-apply reads version 1", at: node)
        }
    }

    private func decodePlans(_ node: consuming Node, defaults: PartialPlan) -> (plans: [Plan], names: [Located<String>]) {
        if node.isNull { return ([], []) }
        guard case .mapping(var pairs) = node.content else {
            error("plans must be a mapping from plan name to plan, found \(node.kindDescription)", at: node)
            return ([], [])
        }
        node.content = .sequence([])
        var plans: [Plan] = []
        plans.reserveCapacity(pairs.count)
        // Names are listed apart from the plans only once a named plan fails (see DocumentContent).
        var names: [Located<String>] = []
        var listingNames = false
        for index in pairs.indices {
            let key = pairs[index].key
            guard let name = planName(key) else { continue }
            let declared = location(key.mark)
            let fields = decodePlanFields(pairs[index].value, context: "plan '\(name)'")
            // The plan's nodes are done with: free them (pairs is the only reference).
            pairs[index].value.content = .sequence([])
            if let plan = resolvePlan(named: name, at: key, declared: declared, fields: fields.merged(over: defaults)) {
                plans.append(plan)
                if listingNames { names.append(Located(name, at: declared)) }
            } else {
                if !listingNames {
                    listingNames = true
                    names = plans.indices.map { Located(plans[$0].name, at: plans[$0].location) }
                }
                names.append(Located(name, at: declared))
            }
        }
        return (plans, names)
    }

    /// A valid plan name: non-empty, at most 128 characters, no control characters.
    private func planName(_ node: Node) -> String? {
        guard let scalar = node.scalar, !node.isNull else {
            error("a plan name must be a string, found \(node.kindDescription)", at: node)
            return nil
        }
        let name = scalar.value
        if !name.isEmpty, name.utf8.count <= 128, TextChecks.isPrintableASCII(name) {
            // Printable ASCII of at most 128 bytes: valid (the checks below, answered early).
            return name
        }
        if name.isEmpty {
            error("a plan name must not be empty", at: node)
        } else if name.count > 128 {
            error("plan name is \(name.count) characters long; the limit is 128", at: node)
        } else if let bad = name.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            error("plan name contains the control character U+\(String(bad.value, radix: 16, uppercase: true)); names must be printable", at: node)
        } else {
            return name
        }
        return nil
    }

    /// Applies the required-field checks and makes the plan, declared at `declared` (`keyNode`'s location).
    private func resolvePlan(named name: String, at keyNode: Node, declared: SourceLocation, fields: PartialPlan) -> Plan? {
        guard let cluster = fields.cluster, let jobs = fields.jobs, let schedule = fields.schedule else {
            // Fields that were written but invalid have been reported already.
            var missing: [String] = []
            if fields.cluster == nil { missing.append("cluster") }
            if fields.jobs == nil { missing.append("jobs") }
            if fields.schedule == nil { missing.append("schedule") }
            missing.removeAll(where: fields.invalidKeys.contains)
            if !missing.isEmpty {
                let list = missing.map { "'\($0)'" }.joined(separator: ", ")
                error("plan '\(name)' is missing \(list) (set \(missing.count == 1 ? "it" : "them") in the plan or in defaults)", at: keyNode)
            }
            return nil
        }
        let spec = PlanSpec(
            cluster: cluster, jobs: jobs, schedule: schedule,
            description: fields.description ?? nil, failurePolicy: fields.failurePolicy ?? nil,
            type: fields.type ?? nil, enabled: (fields.enabled ?? nil) ?? true,
            az: fields.az ?? nil, clusterName: fields.clusterName ?? nil,
            jobGroup: fields.jobGroup ?? nil, trigger: fields.trigger ?? nil, sync: fields.sync ?? nil
        )
        let named = fields.timeZone ?? nil
        return Plan(name: name, spec: spec, timeZoneName: named?.name ?? "UTC", timeZone: named?.zone ?? Self.utc, location: declared)
    }
}
