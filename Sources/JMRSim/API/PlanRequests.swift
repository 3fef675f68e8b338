/// The six schedule strings of a create or modify body, in Quartz order.
struct ScheduleFields: Equatable {
    /// Body keys in Quartz field order: seconds, minutes, hours, day of month, month, day of week.
    static let names = ["time", "minute", "hour", "day", "month", "week"]

    var values: [String]

    static func read(from body: FieldReader) throws(APIError) -> ScheduleFields {
        var values: [String] = []
        for name in names {
            values.append(try body.requiredString(name))
        }
        return ScheduleFields(values: values)
    }
}

/// The writable part of a JmrPlanViewModel in a create or modify body. Server-owned members
/// (createTime, modifyTime, cronExpression, dataCenter, planStatus, orderBy) are type-checked
/// and ignored.
struct PlanInput: Equatable {
    var planId: Int?
    var planName: String?
    var planType: String?
    var az: String?
    var clusterId: String?
    var clusterName: String?
    var description: String?
    var failurePolicy: String?
    var isSync: Bool?
    var jobGroup: String?
    var jobIds: String?
    var jobTrigger: String?

    static let maxNameLength = 128

    static func read(from model: FieldReader) throws(APIError) -> PlanInput {
        var input = PlanInput()
        input.planId = try model.integer("planId")
        if let planId = input.planId, planId <= 0 {
            throw .invalidArgument("\(model.name("planId")) must be a positive integer")
        }
        input.planName = try model.string("planName")
        if let name = input.planName {
            guard !name.trimmingASCIIWhitespace().isEmpty else {
                throw .invalidArgument("\(model.name("planName")) must not be empty")
            }
            guard name.count <= maxNameLength else {
                throw .invalidArgument("\(model.name("planName")) must be at most \(maxNameLength) characters")
            }
            guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw .invalidArgument("\(model.name("planName")) must not contain control characters")
            }
        }
        input.planType = try model.string("planType")
        input.az = try model.string("az")
        input.clusterId = try model.string("clusterId")
        input.clusterName = try model.string("clusterName")
        input.description = try model.string("description")
        input.failurePolicy = try model.string("failurePolicy")
        input.isSync = try model.bool("isSync")
        input.jobGroup = try model.string("jobGroup")
        input.jobIds = try model.string("jobIds")
        input.jobTrigger = try model.string("jobTrigger")
        for ignored in ["createTime", "modifyTime", "cronExpression", "dataCenter", "planStatus", "orderBy"] {
            _ = try model.string(ignored)
        }
        return input
    }
}

/// A create or modify body.
struct PlanWriteRequest {
    var schedule: ScheduleFields
    var plan: PlanInput

    /// Reads a `cronJob:create` body; with `isModify`, also requires the members modifyCronJob needs.
    static func read(_ body: FieldReader, isModify: Bool) throws(APIError) -> PlanWriteRequest {
        let schedule = try ScheduleFields.read(from: body)
        let model = try body.requiredObject("jmrPlanViewModel")
        let plan = try PlanInput.read(from: model)
        if isModify {
            if plan.planId == nil { throw .invalidArgument("\(model.name("planId")) is required") }
            for key in ["jobIds", "planName", "planType", "failurePolicy"] {
                _ = try model.requiredString(key)
            }
        }
        return PlanWriteRequest(schedule: schedule, plan: plan)
    }
}

/// `selectParams` paging: `pageNum` from 1, `pageSize` clamped to `maxPageSize`.
struct Paging: Equatable {
    static let defaultPageSize = 10
    static let maxPageSize = 100

    var pageNum = 1
    var pageSize = defaultPageSize

    static func read(from body: FieldReader) throws(APIError) -> Paging {
        var paging = Paging()
        guard let params = try body.object("selectParams") else { return paging }
        if let pageNum = try params.integer("pageNum") {
            guard pageNum >= 1 else { throw .invalidArgument("\(params.name("pageNum")) must be at least 1") }
            paging.pageNum = pageNum
        }
        if let pageSize = try params.integer("pageSize") {
            guard pageSize >= 1 else { throw .invalidArgument("\(params.name("pageSize")) must be at least 1") }
            paging.pageSize = min(pageSize, maxPageSize)
        }
        _ = try params.string("orderBy")
        return paging
    }

    func page<Element>(of elements: [Element]) -> ArraySlice<Element> {
        let (start, overflow) = (pageNum - 1).multipliedReportingOverflow(by: pageSize)
        guard !overflow, start < elements.count else { return [] }
        return elements[start..<min(start + pageSize, elements.count)]
    }
}

/// The `jmrPlanViewModel` filter of `cronJob:list`. Empty strings do not filter.
struct PlanFilter {
    var planName: String?
    var planType: String?
    var planStatus: String?
    var az: String?

    static func read(from body: FieldReader) throws(APIError) -> PlanFilter {
        guard let model = try body.object("jmrPlanViewModel") else { return PlanFilter() }
        func nonEmpty(_ key: String) throws(APIError) -> String? {
            guard let value = try model.string(key), !value.isEmpty else { return nil }
            return value
        }
        return PlanFilter(
            planName: try nonEmpty("planName"), planType: try nonEmpty("planType"),
            planStatus: try nonEmpty("planStatus"), az: try nonEmpty("az")
        )
    }

    /// planName matches like SQL `name LIKE '%filter%'` under a case-insensitive collation:
    /// a substring match where `%` and `_` in the filter are wildcards. The others match exactly.
    func matches(_ plan: SimulatedPlan) -> Bool {
        if let planName, !LikePattern(containing: planName).matches(plan.planName) { return false }
        if let planType, plan.planType != planType { return false }
        if let planStatus, plan.planStatus != planStatus { return false }
        if let az, plan.az != az { return false }
        return true
    }
}

/// A SQL LIKE pattern (`%` any run, `_` any one character), matched case-insensitively.
struct LikePattern {
    private let pattern: [Character]

    /// The pattern `%text%`.
    init(containing text: String) {
        pattern = Array("%" + text.lowercased() + "%")
    }

    func matches(_ candidate: String) -> Bool {
        let text = Array(candidate.lowercased())
        // Classic wildcard matching with backtracking to the last '%'.
        var p = 0, t = 0
        var star: Int? = nil, starText = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "_" || (pattern[p] != "%" && pattern[p] == text[t]) {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "%" {
                star = p
                starText = t
                p += 1
            } else if let star {
                p = star + 1
                starText += 1
                t = starText
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "%" { p += 1 }
        return p == pattern.count
    }
}
