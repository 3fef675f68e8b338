/// Every plan the simulator holds, with the call semantics of the JMR API. A value type:
/// callers mutate a copy and commit it once it has been persisted.
struct PlanRegistry: Sendable, Equatable {
    static let firstPlanId = 1000

    var nextPlanId = firstPlanId
    /// Plans by id. Ids are unique across regions; a plan is visible only in its own region.
    var plans: [Int: SimulatedPlan] = [:]

    /// The plans of `region`, ordered by planId.
    func plans(in region: String) -> [SimulatedPlan] {
        plans.values.filter { $0.region == region }.sorted { $0.planId < $1.planId }
    }

    /// Every plan, ordered by planId.
    var allPlans: [SimulatedPlan] {
        plans.values.sorted { $0.planId < $1.planId }
    }

    func plan(_ planId: Int, in region: String) throws(APIError) -> SimulatedPlan {
        guard let plan = plans[planId], plan.region == region else { throw .planNotFound(planId, region: region) }
        return plan
    }

    /// Fails when `name` belongs to a plan in `region` other than `planId`.
    func checkNameFree(_ name: String, in region: String, except planId: Int?) throws(APIError) {
        if plans.values.contains(where: { $0.region == region && $0.planName == name && $0.planId != planId }) {
            throw .nameTaken(name, region: region)
        }
    }

    // MARK: Calls

    /// `cronJob:create` without a planId creates; with one it updates. `cronJob:modify` always updates.
    ///
    /// An update replaces every writable member with the request's (omitted ones are cleared),
    /// keeps the name when none is given, and keeps planStatus and createTime.
    mutating func write(_ request: PlanWriteRequest, region: String, now: String) throws(APIError) -> JSONValue {
        let schedule = try ScheduleValidation.normalize(request.schedule)
        let input = request.plan
        if let planId = input.planId {
            var plan = try plan(planId, in: region)
            if let name = input.planName {
                try checkNameFree(name, in: region, except: planId)
                plan.planName = name
            }
            plan.schedule = schedule
            plan.apply(input)
            plan.modifyTime = now
            plans[planId] = plan
            return Self.success("plan '\(plan.planName)' updated")
        }
        guard let name = input.planName else { throw .invalidArgument("jmrPlanViewModel.planName is required") }
        try checkNameFree(name, in: region, except: nil)
        var plan = SimulatedPlan(
            planId: nextPlanId, region: region, planName: name, planStatus: "running", schedule: schedule,
            createTime: now, modifyTime: now
        )
        plan.apply(input)
        plans[plan.planId] = plan
        nextPlanId += 1
        return Self.success("plan '\(name)' created")
    }

    func list(_ filter: PlanFilter, paging: Paging, region: String) -> JSONValue {
        let matching = plans(in: region).filter(filter.matches)
        let page = paging.page(of: matching).map(\.viewModel)
        return ["data": ["cronJobs": .array(Array(page)), "totalNum": .integer(matching.count)]]
    }

    func detail(_ planId: Int, paging: Paging, region: String) throws(APIError) -> JSONValue {
        let plan = try plan(planId, in: region)
        let jobs = plan.jobIdList.map { jobId -> JSONValue in
            ["jobId": .string(jobId), "planId": .integer(plan.planId), "planName": .string(plan.planName)]
        }
        return ["data": ["jobList": .array(Array(paging.page(of: jobs))), "totalNum": .integer(jobs.count)]]
    }

    mutating func delete(_ planId: Int, region: String) throws(APIError) -> JSONValue {
        let plan = try plan(planId, in: region)
        plans[planId] = nil
        return Self.success("plan '\(plan.planName)' deleted")
    }

    /// Pause or resume; setting the status a plan already has succeeds without a change.
    mutating func setStatus(_ status: String, of planId: Int, region: String, now: String) throws(APIError) -> JSONValue {
        var plan = try plan(planId, in: region)
        if plan.planStatus != status {
            plan.planStatus = status
            plan.modifyTime = now
            plans[planId] = plan
        }
        return Self.success("plan '\(plan.planName)' \(status)")
    }

    func validateName(_ name: String, planId: Int?, region: String) throws(APIError) -> JSONValue {
        try checkNameFree(name, in: region, except: planId)
        return Self.success("plan name '\(name)' is available")
    }

    static func success(_ message: String) -> JSONValue {
        ["status": "success", "message": .string(message)]
    }
}

extension SimulatedPlan {
    /// Replaces the writable members other than name and schedule with `input`'s.
    mutating func apply(_ input: PlanInput) {
        planType = input.planType
        az = input.az
        clusterId = input.clusterId
        clusterName = input.clusterName
        description = input.description
        failurePolicy = input.failurePolicy
        isSync = input.isSync
        jobGroup = input.jobGroup
        jobIds = input.jobIds
        jobTrigger = input.jobTrigger
    }
}
