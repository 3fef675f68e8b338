import PlanConfig
import PlanState

/// Desired plans compared with recorded state: one change per plan name, sorted by name.
public struct PlanDiff: Sendable {
    public var changes: [PlanChange]

    /// Counts by action.
    public struct Summary: Sendable, Equatable, Codable {
        public var create = 0
        public var update = 0
        public var delete = 0
        public var noop = 0

        public init() {}

        /// True when apply would change anything; deletes count only when pruning.
        public func hasChanges(pruning: Bool) -> Bool {
            create + update + (pruning ? delete : 0) > 0
        }
    }

    public var summary: Summary {
        var summary = Summary()
        // By index: iterating would copy each change (a plan and a record) just to read its action.
        for index in changes.indices {
            switch changes[index].action {
            case .create: summary.create += 1
            case .update: summary.update += 1
            case .delete: summary.delete += 1
            case .noop: summary.noop += 1
            }
        }
        return summary
    }

    /// Compares the declared plans with state, keeping only names the filter selects.
    ///
    /// Specs are normalised at load time (defaults merged, schedule fields trimmed and
    /// names upper-cased), and state holds the same normal form, so equal specs never diff.
    /// With `observation` (from `--refresh`), plans are compared with what the server holds:
    /// drift is reported, and plans deleted outside jmr-apply are planned as creates.
    public init(configuration: Configuration, state: State?, filter: PlanFilter = PlanFilter(), observation: ServerObservation? = nil) {
        let records = state?.plans ?? [:]
        var changes: [PlanChange] = []
        changes.reserveCapacity(configuration.plans.count)
        var declared = Set<String>()
        declared.reserveCapacity(configuration.plans.count)
        for plan in configuration.plans {
            declared.insert(plan.name)
            guard filter.selects(plan.name) else { continue }
            var change = Self.change(for: plan, record: records[plan.name], observation: observation)
            if !change.deletedOutside, let planId = observation?.planIds[plan.name], planId != change.record?.planId {
                change.serverPlanId = planId
            }
            // Moved, not copied: a change holds a plan and a record (dozens of strings).
            changes.append(consume change)
        }
        // Over the names first: iterating the pairs would copy every record, declared or not.
        for name in records.keys where !declared.contains(name) && filter.selects(name) {
            let record = records[name]!
            // A create intent that never reached the server is not a plan to delete,
            // and neither is a plan the server no longer has.
            guard record.planId != nil || record.spec != nil else { continue }
            if observation?.deletedOutside.contains(name) == true { continue }
            changes.append(PlanChange(name: name, action: .delete, plan: nil, record: record))
        }
        changes.sort { $0.name < $1.name }
        self.changes = changes
    }

    private static func change(for plan: consuming Plan, record: consuming PlanRecord?, observation: ServerObservation?) -> PlanChange {
        if let record, let observation {
            if observation.deletedOutside.contains(plan.name) {
                return PlanChange(name: plan.name, action: .create, plan: plan, record: record, deletedOutside: true)
            }
            if let server = observation.serverSpecs[plan.name], let expected = record.expectedServerSpec, server != expected {
                let drift = fieldChanges(from: expected, to: server)
                let changes = fieldChanges(fromServer: server, to: plan.spec, record: record)
                let action: ChangeAction = changes.isEmpty ? .noop : .update
                return PlanChange(name: plan.name, action: action, plan: plan, record: record, fieldChanges: changes, drift: drift, serverSpec: server)
            }
        }
        guard let record, let applied = record.spec, record.pendingCreate == nil else {
            return PlanChange(name: plan.name, action: .create, plan: plan, record: record)
        }
        if applied == plan.spec {
            return PlanChange(name: plan.name, action: .noop, plan: plan, record: record)
        }
        return PlanChange(
            name: plan.name, action: .update, plan: plan, record: record,
            fieldChanges: fieldChanges(from: applied, to: plan.spec)
        )
    }

    /// The fields that differ between two specs, in field order.
    public static func fieldChanges(from old: PlanSpec, to new: PlanSpec) -> [FieldChange] {
        zip(old.fieldValues, new.fieldValues).compactMap { old, new in
            old.value == new.value ? nil : FieldChange(field: old.name, before: old.value, after: new.value)
        }
    }

    /// The fields that differ between what the server holds and what is declared, after
    /// normalising: a field is left out when the declared value is the one last applied and
    /// the server holds what it stored for it (`record.serverSpec`, e.g. `MON-FRI` for `2-6`).
    public static func fieldChanges(fromServer server: PlanSpec, to declared: PlanSpec, record: PlanRecord) -> [FieldChange] {
        let changes = fieldChanges(from: server, to: declared)
        guard let applied = record.spec, let stored = record.serverSpec, !changes.isEmpty else { return changes }
        let appliedValues = Dictionary(uniqueKeysWithValues: applied.fieldValues.map { ($0.name, $0.value) })
        let storedValues = Dictionary(uniqueKeysWithValues: stored.fieldValues.map { ($0.name, $0.value) })
        return changes.filter { change in
            guard let appliedValue = appliedValues[change.field], let storedValue = storedValues[change.field] else { return true }
            return !(appliedValue == change.after && storedValue == change.before)
        }
    }
}
