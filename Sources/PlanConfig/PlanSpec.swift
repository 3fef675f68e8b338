/// Everything jmr-apply sends to the API for one plan, normalised: defaults merged,
/// environment interpolated, schedule fields normalised. Two equal specs never diff.
public struct PlanSpec: Hashable, Sendable, Codable {
    /// `clusterId`.
    public var cluster: String
    /// Job ids as given; sent as `jobIds`, comma-separated.
    public var jobs: [String]
    public var schedule: Schedule
    public var description: String?
    public var failurePolicy: String?
    /// `planType`.
    public var type: String?
    /// False means the plan should be paused.
    public var enabled: Bool
    public var az: String?
    public var clusterName: String?
    public var jobGroup: String?
    /// `jobTrigger`.
    public var trigger: String?
    /// `isSync`.
    public var sync: Bool?

    public init(
        cluster: String, jobs: [String], schedule: Schedule, description: String? = nil,
        failurePolicy: String? = nil, type: String? = nil, enabled: Bool = true, az: String? = nil,
        clusterName: String? = nil, jobGroup: String? = nil, trigger: String? = nil, sync: Bool? = nil
    ) {
        self.cluster = cluster
        self.jobs = jobs
        self.schedule = schedule
        self.description = description
        self.failurePolicy = failurePolicy
        self.type = type
        self.enabled = enabled
        self.az = az
        self.clusterName = clusterName
        self.jobGroup = jobGroup
        self.trigger = trigger
        self.sync = sync
    }

    /// `jobIds` as the API takes it: `"1001,1002"`.
    public var jobIds: String { jobs.joined(separator: ",") }

    /// Every field as a flat, ordered list of (name, value) pairs, with the schedule split
    /// into `schedule.time` … `schedule.week`. Absent optional fields have a nil value.
    /// Field-level diffs and renderers use these names.
    public var fieldValues: [(name: String, value: String?)] {
        var values: [(name: String, value: String?)] = [("cluster", cluster), ("jobs", jobIds)]
        for (name, value) in zip(Schedule.fieldNames, schedule.fields) {
            values.append(("schedule.\(name)", value))
        }
        values += [
            ("description", description), ("failurePolicy", failurePolicy), ("type", type),
            ("enabled", String(enabled)), ("az", az), ("clusterName", clusterName),
            ("jobGroup", jobGroup), ("trigger", trigger), ("sync", sync.map { String($0) }),
        ]
        return values
    }
}
