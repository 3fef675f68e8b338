/// The body of `cronJob:create`: the six Quartz schedule fields and the plan.
///
/// Without `jmrPlanViewModel.planId` it creates a plan (not idempotent); with one it
/// updates that plan.
public struct CreateCronJobRequest: Codable, Sendable, Equatable {
    /// Day of month.
    public var day: String
    public var hour: String
    public var minute: String
    public var month: String
    /// Seconds.
    public var time: String
    /// Day of week.
    public var week: String
    public var jmrPlanViewModel: JmrPlanViewModel

    /// Creates a create (or, with a planId, update) request.
    public init(
        day: String, hour: String, minute: String, month: String, time: String, week: String,
        jmrPlanViewModel: JmrPlanViewModel
    ) {
        self.day = day
        self.hour = hour
        self.minute = minute
        self.month = month
        self.time = time
        self.week = week
        self.jmrPlanViewModel = jmrPlanViewModel
    }

    /// Whether sending this twice is safe: only updates (with a planId) are.
    public var isIdempotent: Bool { jmrPlanViewModel.planId != nil }
}

/// Paging and ordering for list calls. `pageNum` starts at 1.
public struct SelectParams: Codable, Sendable, Equatable {
    public var pageNum: Int
    public var pageSize: Int
    public var orderBy: String?
    public var status: String?

    /// Creates paging parameters.
    public init(pageNum: Int, pageSize: Int, orderBy: String? = nil, status: String? = nil) {
        self.pageNum = pageNum
        self.pageSize = pageSize
        self.orderBy = orderBy
        self.status = status
    }
}

/// The body of `cronJob:list`: a filter (az, planName, planType, planStatus) and paging.
public struct CronJobListRequest: Codable, Sendable, Equatable {
    public var jmrPlanViewModel: JmrPlanViewModel?
    public var selectParams: SelectParams?

    /// Creates a list request.
    public init(jmrPlanViewModel: JmrPlanViewModel? = nil, selectParams: SelectParams? = nil) {
        self.jmrPlanViewModel = jmrPlanViewModel
        self.selectParams = selectParams
    }
}

/// The body of `cronJob/{planId}:detail`.
public struct CronJobDetailRequest: Codable, Sendable, Equatable {
    public var selectParams: SelectParams?

    /// Creates a detail request.
    public init(selectParams: SelectParams? = nil) {
        self.selectParams = selectParams
    }
}

/// The body of `planName:valid`.
public struct PlanNameValidationRequest: Codable, Sendable, Equatable {
    /// The plan being renamed, or `nil` for a new plan.
    public var planId: Int64?
    public var planName: String

    /// Creates a plan-name check.
    public init(planName: String, planId: Int64? = nil) {
        self.planName = planName
        self.planId = planId
    }
}
