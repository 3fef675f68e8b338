/// One scheduling plan held by the simulator.
public struct SimulatedPlan: Sendable, Equatable, Codable {
    public var planId: Int
    /// The region the plan lives in (also reported as `dataCenter`).
    public var region: String
    public var planName: String
    /// "running" or "paused".
    public var planStatus: String
    /// The six normalised Quartz fields in order: time (seconds), minute, hour, day, month, week.
    public var schedule: [String]
    public var planType: String?
    public var az: String?
    public var clusterId: String?
    public var clusterName: String?
    public var description: String?
    public var failurePolicy: String?
    public var isSync: Bool?
    public var jobGroup: String?
    public var jobIds: String?
    public var jobTrigger: String?
    /// "yyyy-MM-dd HH:mm:ss", UTC, server clock.
    public var createTime: String
    public var modifyTime: String

    /// The server's formatted expression: the six fields joined by single spaces.
    public var cronExpression: String { schedule.joined(separator: " ") }

    /// The job ids listed in `jobIds` (comma-separated, blanks dropped).
    public var jobIdList: [String] {
        (jobIds ?? "").split(separator: ",").map { $0.trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
    }

    /// The plan as a JmrPlanViewModel, as list calls return it (absent fields omitted).
    var viewModel: JSONValue {
        var members: [String: JSONValue] = [
            "planId": .integer(planId),
            "planName": .string(planName),
            "planStatus": .string(planStatus),
            "cronExpression": .string(cronExpression),
            "dataCenter": .string(region),
            "createTime": .string(createTime),
            "modifyTime": .string(modifyTime),
        ]
        let optional: [(String, String?)] = [
            ("planType", planType), ("az", az), ("clusterId", clusterId), ("clusterName", clusterName),
            ("description", description), ("failurePolicy", failurePolicy), ("jobGroup", jobGroup),
            ("jobIds", jobIds), ("jobTrigger", jobTrigger),
        ]
        for (key, value) in optional {
            if let value { members[key] = .string(value) }
        }
        if let isSync { members["isSync"] = .bool(isSync) }
        return .object(members)
    }

    /// The view model plus `region` and the six schedule fields, for `/__sim/plans`.
    var inspectionJSON: JSONValue {
        guard case .object(var members) = viewModel else { return viewModel }
        members["region"] = .string(region)
        for (key, value) in zip(ScheduleFields.names, schedule) {
            members[key] = .string(value)
        }
        return .object(members)
    }
}
