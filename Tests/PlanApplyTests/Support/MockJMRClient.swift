import Foundation
import JMRAPI
import Synchronization

/// What the mock does with one `createCronJob` call.
enum CreateFault: Sendable {
    /// Handle it normally.
    case none
    /// Fail with this error without acting on the request.
    case before(JMRError)
    /// Act on the request (create or update), then fail with this error.
    case after(JMRError)
}

/// An in-memory JMR API with the semantics the applier relies on: creates assign ids,
/// names are unique per region (a second create is `400 ALREADY_EXISTS`), a create with
/// a planId updates that plan, and `cronJob:list` matches name substrings and pages.
/// Faults are scripted per create call; every call is recorded.
final class MockJMRClient: JMRClient {
    struct Server: Sendable {
        var plans: [Int64: JmrPlanViewModel] = [:]
        var nextPlanId: Int64 = 7000
        /// Every create request received, in order, faulted or not.
        var creates: [CreateCronJobRequest] = []
        /// The planName filter of every list call received.
        var lists: [String?] = []
        var requests = 0
    }

    private let server = Mutex(Server())
    private let fault: @Sendable (_ request: CreateCronJobRequest, _ index: Int) -> CreateFault
    private let observe: @Sendable (CreateCronJobRequest) -> Void
    private let listFault: @Sendable (_ planName: String?, _ index: Int) -> JMRError?

    /// - Parameters:
    ///   - fault: decides the fault of each create call, given its 0-based index.
    ///   - observe: runs when a create call arrives, before anything is done with it.
    ///   - listFault: an error for a list call (given its 0-based index), or nil to answer it.
    init(
        fault: @escaping @Sendable (_ request: CreateCronJobRequest, _ index: Int) -> CreateFault = { _, _ in .none },
        observe: @escaping @Sendable (CreateCronJobRequest) -> Void = { _ in },
        listFault: @escaping @Sendable (_ planName: String?, _ index: Int) -> JMRError? = { _, _ in nil }
    ) {
        self.fault = fault
        self.observe = observe
        self.listFault = listFault
    }

    var snapshot: Server { server.withLock { $0 } }
    /// The plans the server holds, by name.
    var plansByName: [String: JmrPlanViewModel] {
        Dictionary(snapshot.plans.values.map { ($0.planName ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }
    var createsWithoutPlanId: [CreateCronJobRequest] { snapshot.creates.filter { $0.jmrPlanViewModel.planId == nil } }
    var createsWithPlanId: [CreateCronJobRequest] { snapshot.creates.filter { $0.jmrPlanViewModel.planId != nil } }

    /// Puts a plan on the server directly (as if made elsewhere); returns its id.
    @discardableResult
    func seed(_ request: CreateCronJobRequest, region: String = "cn-north-1") -> Int64 {
        server.withLock { server in
            let id = server.nextPlanId
            server.nextPlanId += 1
            server.plans[id] = Self.stored(request, planId: id, region: region)
            return id
        }
    }

    // MARK: JMRClient

    func createCronJob(region: String, request: CreateCronJobRequest) async throws(JMRError) -> JMRResponse<StatusResult> {
        observe(request)
        let (index, requestId) = server.withLock { server in
            server.creates.append(request)
            server.requests += 1
            return (server.creates.count - 1, "mock-\(server.requests)")
        }
        let fault = fault(request, index)
        if case .before(let error) = fault { throw error }
        let result: Result<StatusResult, JMRError> = server.withLock { server in
            if let planId = request.jmrPlanViewModel.planId {
                guard server.plans[planId] != nil else {
                    return .failure(Self.error(404, "NOT_FOUND", "plan \(planId) not found", requestId))
                }
                server.plans[planId] = Self.stored(request, planId: planId, region: region)
                return .success(StatusResult(status: "success", message: "updated"))
            }
            let name = request.jmrPlanViewModel.planName
            if server.plans.values.contains(where: { $0.planName == name }) {
                return .failure(Self.error(400, "ALREADY_EXISTS", "plan name '\(name ?? "")' already exists", requestId))
            }
            let id = server.nextPlanId
            server.nextPlanId += 1
            server.plans[id] = Self.stored(request, planId: id, region: region)
            return .success(StatusResult(status: "success", message: "created"))
        }
        if case .after(let error) = fault { throw error }
        switch result {
        case .success(let status):
            return JMRResponse(value: status, metadata: JMRCallMetadata(requestId: requestId, httpStatus: 200, attempts: 1, elapsedMilliseconds: 0))
        case .failure(let error):
            throw error
        }
    }

    func getCronJobList(region: String, planName: String?, pageNum: Int, pageSize: Int) async throws(JMRError) -> JMRResponse<CronJobList> {
        let index = server.withLock { server in
            server.lists.append(planName)
            server.requests += 1
            return server.lists.count - 1
        }
        if let error = listFault(planName, index) { throw error }
        let (page, total, requestId) = server.withLock { server in
            let matching = server.plans.values
                .filter { plan in planName.map { (plan.planName ?? "").lowercased().contains($0.lowercased()) } ?? true }
                .sorted { ($0.planId ?? 0) < ($1.planId ?? 0) }
            let start = min((pageNum - 1) * pageSize, matching.count)
            let page = Array(matching[start..<min(start + pageSize, matching.count)])
            return (page, matching.count, "mock-list-\(index)")
        }
        let metadata = JMRCallMetadata(requestId: requestId, httpStatus: 200, attempts: 1, elapsedMilliseconds: 0)
        return JMRResponse(value: CronJobList(cronJobs: page, totalNum: total), metadata: metadata)
    }

    func getCronJobDetail(region: String, planId: Int64, pageNum: Int, pageSize: Int) async throws(JMRError) -> JMRResponse<CronJobDetail> {
        throw Self.unsupported
    }

    func deleteCronJob(region: String, planId: Int64) async throws(JMRError) -> JMRResponse<StatusResult> {
        throw Self.unsupported
    }

    func pauseCronJob(region: String, planId: Int64) async throws(JMRError) -> JMRResponse<StatusResult> {
        throw Self.unsupported
    }

    func resumeCronJob(region: String, planId: Int64) async throws(JMRError) -> JMRResponse<StatusResult> {
        throw Self.unsupported
    }

    func isValidPlanName(region: String, planName: String, planId: Int64?) async throws(JMRError) -> JMRResponse<StatusResult> {
        throw Self.unsupported
    }

    // MARK: Helpers

    private static let unsupported = JMRError(kind: .invalidRequest, message: "not used by apply", mayHaveCommitted: false)

    /// The plan as the server lists it: the request's model plus id, expression and data center.
    private static func stored(_ request: CreateCronJobRequest, planId: Int64, region: String) -> JmrPlanViewModel {
        var plan = request.jmrPlanViewModel
        plan.planId = planId
        plan.dataCenter = region
        plan.planStatus = "running"
        plan.cronExpression = [request.time, request.minute, request.hour, request.day, request.month, request.week].joined(separator: " ")
        return plan
    }

    static func error(_ status: Int, _ code: String, _ message: String, _ requestId: String) -> JMRError {
        JMRError(kind: .http, httpStatus: status, code: status, status: code, message: message, requestId: requestId, mayHaveCommitted: status >= 500)
    }
}

/// Errors a create can fail with.
enum Failures {
    /// A 503 after the request was sent: the server may have acted on it.
    static let unavailable = JMRError(
        kind: .http, httpStatus: 503, code: 503, status: "UNAVAILABLE", message: "try later", requestId: "req-503", mayHaveCommitted: true
    )
    /// No answer in time: the server may have acted on it.
    static let timeout = JMRError(kind: .transport, transportError: .timedOut, mayHaveCommitted: true)
    /// A plain rejection: nothing happened.
    static let invalid = JMRError(
        kind: .http, httpStatus: 400, code: 400, status: "INVALID_ARGUMENT", message: "jobIds: unknown job 9",
        requestId: "req-400", mayHaveCommitted: false
    )
}
