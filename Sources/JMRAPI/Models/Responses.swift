/// The `{status, message}` result of create, delete, pause, resume and isValidPlanName.
public struct StatusResult: Codable, Sendable, Equatable {
    public var status: String?
    public var message: String?

    /// Creates a status result.
    public init(status: String? = nil, message: String? = nil) {
        self.status = status
        self.message = message
    }

    enum CodingKeys: String, CodingKey { case status, message }

    /// `status` may arrive as a string, a bool or a number.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try c.decodeLenientString(forKey: .status)
        message = try c.decodeLenientString(forKey: .message)
    }
}

/// One page of `cronJob:list`: `result.data` on the wire.
public struct CronJobList: Codable, Sendable, Equatable {
    public var cronJobs: [JmrPlanViewModel]
    /// The total across all pages.
    public var totalNum: Int

    /// Creates a page.
    public init(cronJobs: [JmrPlanViewModel], totalNum: Int) {
        self.cronJobs = cronJobs
        self.totalNum = totalNum
    }

    enum CodingKeys: String, CodingKey { case cronJobs, totalNum }

    /// A missing `cronJobs` is an empty page; `totalNum` may be a numeric string.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cronJobs = try c.decodeIfPresent([JmrPlanViewModel].self, forKey: .cronJobs) ?? []
        totalNum = Int(try c.decodeLenientInt64(forKey: .totalNum) ?? Int64(cronJobs.count))
    }
}

/// One page of `cronJob/{planId}:detail`: the plan's jobs (`result.data` on the wire).
public struct CronJobDetail: Codable, Sendable, Equatable {
    /// The jobs, kept as JSON because the public reference does not describe them.
    public var jobList: [JSONValue]
    public var totalNum: Int

    /// Creates a detail page.
    public init(jobList: [JSONValue], totalNum: Int) {
        self.jobList = jobList
        self.totalNum = totalNum
    }

    enum CodingKeys: String, CodingKey { case jobList, totalNum }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        jobList = try c.decodeIfPresent([JSONValue].self, forKey: .jobList) ?? []
        totalNum = Int(try c.decodeLenientInt64(forKey: .totalNum) ?? Int64(jobList.count))
    }
}

/// `{"data": …}`, the wrapper list and detail results sit in.
public struct DataResult<Data: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var data: Data

    /// Wraps `data`.
    public init(data: Data) { self.data = data }
}

/// The error object of a failed call: `{"code": 400, "status": "INVALID_ARGUMENT", "message": "…"}`.
public struct JMRErrorBody: Codable, Sendable, Equatable {
    public var code: Int?
    public var status: String?
    public var message: String?

    /// Creates an error object.
    public init(code: Int? = nil, status: String? = nil, message: String? = nil) {
        self.code = code
        self.status = status
        self.message = message
    }

    enum CodingKeys: String, CodingKey { case code, status, message }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = (try c.decodeLenientInt64(forKey: .code)).map { Int($0) }
        status = try c.decodeLenientString(forKey: .status)
        message = try c.decodeLenientString(forKey: .message)
    }
}

/// Every response: `{"requestId": "…", "result": {…}}` or `{"requestId": "…", "error": {…}}`.
public struct JMREnvelope<Result: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var requestId: String?
    public var result: Result?
    public var error: JMRErrorBody?

    /// Creates an envelope.
    public init(requestId: String?, result: Result? = nil, error: JMRErrorBody? = nil) {
        self.requestId = requestId
        self.result = result
        self.error = error
    }
}
