/// A scheduling plan as the JMR API describes it. Every field is optional on the
/// wire; encoding omits `nil` fields.
public struct JmrPlanViewModel: Codable, Sendable, Equatable, Hashable {
    public var az: String?
    public var clusterId: String?
    public var clusterName: String?
    /// Creation time, as the server formats it.
    public var createTime: String?
    /// The server's formatted cron expression.
    public var cronExpression: String?
    /// The data center, i.e. the region id.
    public var dataCenter: String?
    public var description: String?
    /// What the scheduler does when a job fails.
    public var failurePolicy: String?
    public var isSync: Bool?
    public var jobGroup: String?
    /// Comma-separated job ids.
    public var jobIds: String?
    public var jobTrigger: String?
    /// Modification time, as the server formats it.
    public var modifyTime: String?
    public var orderBy: String?
    /// The plan id; present on update (create-with-planId) and in listings.
    public var planId: Int64?
    public var planName: String?
    /// Paused or running, as the server reports it.
    public var planStatus: String?
    public var planType: String?

    /// Creates a plan view model; every field defaults to `nil`.
    public init(
        az: String? = nil, clusterId: String? = nil, clusterName: String? = nil, createTime: String? = nil,
        cronExpression: String? = nil, dataCenter: String? = nil, description: String? = nil,
        failurePolicy: String? = nil, isSync: Bool? = nil, jobGroup: String? = nil, jobIds: String? = nil,
        jobTrigger: String? = nil, modifyTime: String? = nil, orderBy: String? = nil, planId: Int64? = nil,
        planName: String? = nil, planStatus: String? = nil, planType: String? = nil
    ) {
        self.az = az
        self.clusterId = clusterId
        self.clusterName = clusterName
        self.createTime = createTime
        self.cronExpression = cronExpression
        self.dataCenter = dataCenter
        self.description = description
        self.failurePolicy = failurePolicy
        self.isSync = isSync
        self.jobGroup = jobGroup
        self.jobIds = jobIds
        self.jobTrigger = jobTrigger
        self.modifyTime = modifyTime
        self.orderBy = orderBy
        self.planId = planId
        self.planName = planName
        self.planStatus = planStatus
        self.planType = planType
    }

    enum CodingKeys: String, CodingKey {
        case az, clusterId, clusterName, createTime, cronExpression, dataCenter, description, failurePolicy
        case isSync, jobGroup, jobIds, jobTrigger, modifyTime, orderBy, planId, planName, planStatus, planType
    }

    /// Decodes leniently: `planId` may be a number or numeric string, `isSync` a bool or
    /// `"true"`/`"false"`, and string fields may arrive as numbers (e.g. `jobIds: 1001`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        az = try c.decodeLenientString(forKey: .az)
        clusterId = try c.decodeLenientString(forKey: .clusterId)
        clusterName = try c.decodeLenientString(forKey: .clusterName)
        createTime = try c.decodeLenientString(forKey: .createTime)
        cronExpression = try c.decodeLenientString(forKey: .cronExpression)
        dataCenter = try c.decodeLenientString(forKey: .dataCenter)
        description = try c.decodeLenientString(forKey: .description)
        failurePolicy = try c.decodeLenientString(forKey: .failurePolicy)
        isSync = try c.decodeLenientBool(forKey: .isSync)
        jobGroup = try c.decodeLenientString(forKey: .jobGroup)
        jobIds = try c.decodeLenientString(forKey: .jobIds)
        jobTrigger = try c.decodeLenientString(forKey: .jobTrigger)
        modifyTime = try c.decodeLenientString(forKey: .modifyTime)
        orderBy = try c.decodeLenientString(forKey: .orderBy)
        planId = try c.decodeLenientInt64(forKey: .planId)
        planName = try c.decodeLenientString(forKey: .planName)
        planStatus = try c.decodeLenientString(forKey: .planStatus)
        planType = try c.decodeLenientString(forKey: .planType)
    }
}
