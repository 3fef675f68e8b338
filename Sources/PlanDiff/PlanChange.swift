import Foundation
import PlanConfig
import PlanState

/// What a run would do to one plan.
public enum ChangeAction: String, Sendable, Codable, CaseIterable {
    case create
    case update
    case delete
    case noop = "no-op"
}

/// One field that differs: `schedule.hour`, `2` -> `3`. Nil means absent.
public struct FieldChange: Sendable, Equatable, Codable {
    public var field: String
    public var before: String?
    public var after: String?

    public init(field: String, before: String?, after: String?) {
        self.field = field
        self.before = before
        self.after = after
    }
}

/// The planned change for one plan name.
public struct PlanChange: Sendable {
    public var name: String
    public var action: ChangeAction
    /// The declared plan; nil for a delete.
    public var plan: Plan?
    /// What state records; nil for a create of a plan state has never seen.
    public var record: PlanRecord?
    /// For an update: each field that differs, in field order.
    public var fieldChanges: [FieldChange]
    /// With `--refresh`: fields the server changed since jmr-apply applied them
    /// (`before` = what was applied, `after` = what the server holds now).
    public var drift: [FieldChange]
    /// With `--refresh`: the plan is in state but gone from the server.
    public var deletedOutside: Bool
    /// With `--refresh`: the server's current spec, which replaces state's as "before".
    public var serverSpec: PlanSpec?
    /// With `--refresh`: the planId of the plan found on the server, when state's is stale.
    public var serverPlanId: Int64?

    public init(
        name: String, action: ChangeAction, plan: Plan?, record: PlanRecord?, fieldChanges: [FieldChange] = [],
        drift: [FieldChange] = [], deletedOutside: Bool = false, serverSpec: PlanSpec? = nil
    ) {
        self.name = name
        self.action = action
        self.plan = plan
        self.record = record
        self.fieldChanges = fieldChanges
        self.drift = drift
        self.deletedOutside = deletedOutside
        self.serverSpec = serverSpec
    }

    /// The server's id: the one found by `--refresh`, else the one state knows (unless the
    /// plan is gone).
    public var planId: Int64? { deletedOutside ? nil : serverPlanId ?? record?.planId }
    /// The spec the change starts from: the server's (after a refresh) or the one last applied.
    public var before: PlanSpec? { deletedOutside ? nil : serverSpec ?? record?.spec }
    /// The spec declared now.
    public var after: PlanSpec? { plan?.spec }
    /// A create that an earlier run started but never confirmed: look up by name first.
    public var resumesInterruptedCreate: Bool { action == .create && record?.pendingCreate != nil && !deletedOutside }
    /// True when the schedule is new or differs.
    public var changesSchedule: Bool {
        guard let after else { return false }
        return before?.schedule != after.schedule
    }

    /// The next `count` fire times of the old and the new schedule, in the plan's time zone.
    public func fireTimePreview(count: Int, after date: Date = Date()) -> (before: [Date], after: [Date]) {
        let zone = plan?.timeZone ?? TimeZone(identifier: "UTC")!
        func times(_ spec: PlanSpec?) -> [Date] {
            guard let expression = try? spec?.schedule.cronExpression() else { return [] }
            return expression.nextFireTimes(after: date, count: count, in: zone)
        }
        return (times(before), times(self.after))
    }
}
