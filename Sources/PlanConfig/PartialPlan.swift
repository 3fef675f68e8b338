import Foundation

/// The fields one mapping sets (a plan, or `defaults`), before merging and
/// required-field checks. nil means not set; for optional fields, `.some(nil)` (a null
/// value) explicitly unsets a default.
struct PartialPlan {
    var cluster: String?
    var jobs: [String]?
    var schedule: Schedule?
    var timeZone: NamedTimeZone??
    var description: String??
    var failurePolicy: String??
    var type: String??
    var enabled: Bool??
    var az: String??
    var clusterName: String??
    var jobGroup: String??
    var trigger: String??
    var sync: Bool??
    /// Keys that were written but held invalid values (already reported).
    var invalidKeys: Set<String> = []

    /// Keys a plan (or `defaults`) may set.
    static let keys = [
        "cluster", "jobs", "schedule", "timezone", "description", "failurePolicy", "type",
        "enabled", "az", "clusterName", "jobGroup", "trigger", "sync",
    ]

    /// This plan's values, falling back to `defaults` for any it does not set.
    func merged(over defaults: PartialPlan) -> PartialPlan {
        PartialPlan(
            cluster: cluster ?? defaults.cluster, jobs: jobs ?? defaults.jobs,
            schedule: schedule ?? defaults.schedule, timeZone: timeZone ?? defaults.timeZone,
            description: description ?? defaults.description,
            failurePolicy: failurePolicy ?? defaults.failurePolicy, type: type ?? defaults.type,
            enabled: enabled ?? defaults.enabled, az: az ?? defaults.az,
            clusterName: clusterName ?? defaults.clusterName, jobGroup: jobGroup ?? defaults.jobGroup,
            trigger: trigger ?? defaults.trigger, sync: sync ?? defaults.sync,
            invalidKeys: invalidKeys.union(defaults.invalidKeys)
        )
    }
}

/// A time zone with the name it was written as.
struct NamedTimeZone {
    var name: String
    var zone: TimeZone
}
