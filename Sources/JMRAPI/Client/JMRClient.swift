/// What every call returns besides its result.
public struct JMRCallMetadata: Sendable, Equatable {
    /// The server's request id (from the body, else the `x-jdcloud-request-id` header).
    public var requestId: String?
    /// The final HTTP status.
    public var httpStatus: Int
    /// Attempts made, including retries.
    public var attempts: Int
    /// Wall time of the whole call, retries and waits included.
    public var elapsedMilliseconds: Int64

    /// Creates call metadata.
    public init(requestId: String?, httpStatus: Int, attempts: Int, elapsedMilliseconds: Int64) {
        self.requestId = requestId
        self.httpStatus = httpStatus
        self.attempts = attempts
        self.elapsedMilliseconds = elapsedMilliseconds
    }
}

/// A call's result with its metadata.
public struct JMRResponse<Value: Sendable>: Sendable {
    public var value: Value
    public var metadata: JMRCallMetadata

    /// Creates a response.
    public init(value: Value, metadata: JMRCallMetadata) {
        self.value = value
        self.metadata = metadata
    }
}

extension JMRResponse: Equatable where Value: Equatable {}

/// The JMR scheduling-plan API. `HTTPJMRClient` talks to the service; tests may
/// substitute their own implementation.
public protocol JMRClient: Sendable {
    /// `cronJob:create`: creates a plan, or updates it when `request` carries a planId.
    /// A create without planId is never retried after an ambiguous failure: the error
    /// then has `mayHaveCommitted == true` and the caller should look the plan up by name.
    func createCronJob(region: String, request: CreateCronJobRequest) async throws(JMRError) -> JMRResponse<StatusResult>

    /// `cronJob:list`, filtered by `planName` (the server may match substrings). `pageNum` starts at 1.
    func getCronJobList(region: String, planName: String?, pageNum: Int, pageSize: Int) async throws(JMRError) -> JMRResponse<CronJobList>

    /// `cronJob/{planId}:detail`: one page of the plan's jobs.
    func getCronJobDetail(region: String, planId: Int64, pageNum: Int, pageSize: Int) async throws(JMRError) -> JMRResponse<CronJobDetail>

    /// `cronJob/{planId}:delete`.
    func deleteCronJob(region: String, planId: Int64) async throws(JMRError) -> JMRResponse<StatusResult>

    /// `cronJob/{planId}:pause`.
    func pauseCronJob(region: String, planId: Int64) async throws(JMRError) -> JMRResponse<StatusResult>

    /// `cronJob/{planId}:resume`.
    func resumeCronJob(region: String, planId: Int64) async throws(JMRError) -> JMRResponse<StatusResult>

    /// `planName:valid`: whether `planName` is free (for a new plan, or for renaming `planId`).
    func isValidPlanName(region: String, planName: String, planId: Int64?) async throws(JMRError) -> JMRResponse<StatusResult>
}

extension JMRClient {
    /// Finds the plan whose name is exactly `name`, paging through `getCronJobList`
    /// with the name filter (which may match substrings) until `totalNum` is covered.
    /// Metadata sums attempts and time over the pages; the requestId is the last page's.
    public func findPlan(
        named name: String, region: String, pageSize: Int = 100
    ) async throws(JMRError) -> JMRResponse<JmrPlanViewModel?> {
        let pageSize = max(1, pageSize)
        var seen = 0
        var pageNum = 1
        var attempts = 0
        var elapsed: Int64 = 0
        while true {
            let page = try await getCronJobList(region: region, planName: name, pageNum: pageNum, pageSize: pageSize)
            attempts += page.metadata.attempts
            elapsed += page.metadata.elapsedMilliseconds
            var metadata = page.metadata
            metadata.attempts = attempts
            metadata.elapsedMilliseconds = elapsed
            if let match = page.value.cronJobs.first(where: { $0.planName == name }) {
                return JMRResponse(value: match, metadata: metadata)
            }
            seen += page.value.cronJobs.count
            if page.value.cronJobs.isEmpty || seen >= page.value.totalNum {
                return JMRResponse(value: nil, metadata: metadata)
            }
            pageNum += 1
        }
    }
}
