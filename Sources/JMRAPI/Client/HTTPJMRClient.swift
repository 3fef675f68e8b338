import Foundation

/// The JMR API over HTTP: signs every attempt with JDCLOUD3-HMAC-SHA256, retries
/// transient failures with capped, jittered backoff within a shared budget, never
/// retries an ambiguous create, and corrects for a skewed local clock.
public final class HTTPJMRClient: JMRClient {
    /// The configuration this client was made with.
    public let configuration: JMRClientConfiguration
    private let transport: any Transport
    private let sleeper: any Sleeper
    private let now: @Sendable () -> Date
    private let clockOffset = ClockOffset()

    /// Creates a client. By default it sends through a `URLSessionTransport` sized by
    /// the configuration, sleeps with `Task.sleep` and reads the system clock.
    public init(
        configuration: JMRClientConfiguration,
        transport: (any Transport)? = nil,
        sleeper: any Sleeper = TaskSleeper(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.transport = transport ?? URLSessionTransport(
            maxConnectionsPerHost: configuration.maxConnectionsPerHost,
            resourceTimeout: configuration.attemptTimeout
        )
        self.sleeper = sleeper
        self.now = now
    }

    /// The clock correction learned from the server (server minus local), in seconds.
    public var clockOffsetSeconds: TimeInterval { clockOffset.current }

    // MARK: Calls

    public func createCronJob(region: String, request: CreateCronJobRequest) async throws(JMRError) -> JMRResponse<StatusResult> {
        try await perform(
            path: "cronJob:create", region: region, body: RegionScoped(regionId: region, body: request),
            idempotent: request.isIdempotent, as: StatusResult.self
        )
    }

    public func getCronJobList(region: String, planName: String?, pageNum: Int, pageSize: Int) async throws(JMRError) -> JMRResponse<CronJobList> {
        let request = CronJobListRequest(
            jmrPlanViewModel: JmrPlanViewModel(planName: planName),
            selectParams: SelectParams(pageNum: pageNum, pageSize: pageSize)
        )
        let page = try await perform(
            path: "cronJob:list", region: region, body: RegionScoped(regionId: region, body: request),
            idempotent: true, as: DataResult<CronJobList>.self
        )
        return JMRResponse(value: page.value.data, metadata: page.metadata)
    }

    public func getCronJobDetail(region: String, planId: Int64, pageNum: Int, pageSize: Int) async throws(JMRError) -> JMRResponse<CronJobDetail> {
        let request = CronJobDetailRequest(selectParams: SelectParams(pageNum: pageNum, pageSize: pageSize))
        let page = try await perform(
            path: "cronJob/\(planId):detail", region: region,
            body: RegionScoped(regionId: region, planId: planId, body: request),
            idempotent: true, as: DataResult<CronJobDetail>.self
        )
        return JMRResponse(value: page.value.data, metadata: page.metadata)
    }

    public func deleteCronJob(region: String, planId: Int64) async throws(JMRError) -> JMRResponse<StatusResult> {
        try await perform(path: "cronJob/\(planId):delete", region: region, body: nil, idempotent: true, as: StatusResult.self)
    }

    public func pauseCronJob(region: String, planId: Int64) async throws(JMRError) -> JMRResponse<StatusResult> {
        try await perform(path: "cronJob/\(planId):pause", region: region, body: nil, idempotent: true, as: StatusResult.self)
    }

    public func resumeCronJob(region: String, planId: Int64) async throws(JMRError) -> JMRResponse<StatusResult> {
        try await perform(path: "cronJob/\(planId):resume", region: region, body: nil, idempotent: true, as: StatusResult.self)
    }

    public func isValidPlanName(region: String, planName: String, planId: Int64?) async throws(JMRError) -> JMRResponse<StatusResult> {
        try await perform(
            path: "planName:valid", region: region,
            body: RegionScoped(regionId: region, body: PlanNameValidationRequest(planName: planName, planId: planId)),
            idempotent: true, as: StatusResult.self
        )
    }

    // MARK: Machinery

    private func perform<Result: Codable & Sendable & Equatable>(
        path action: String, region: String, body: (any Encodable & Sendable)?, idempotent: Bool, as _: Result.Type
    ) async throws(JMRError) -> JMRResponse<Result> {
        let endpoint = configuration.endpoint
        guard !region.isEmpty else {
            throw JMRError(kind: .invalidRequest, message: "empty region", mayHaveCommitted: false, attempts: 0)
        }
        let path = endpoint.pathPrefix + "/v1/regions/" + Self.encodePathSegment(region) + "/" + action
        let bodyBytes: [UInt8]
        do {
            bodyBytes = try body.map { Array(try Self.encoder.encode($0)) } ?? []
        } catch {
            throw JMRError(kind: .invalidRequest, message: "cannot encode body: \(error)", mayHaveCommitted: false, attempts: 0)
        }
        var call = RetryingCall(
            client: self, method: "POST", path: path, body: bodyBytes, region: region, idempotent: idempotent
        )
        let response = try await call.run()
        return try Self.decodeSuccess(response, attempts: call.attempts, elapsed: call.elapsedMilliseconds, as: Result.self)
    }

    /// One call's attempts: signing, sending, classifying, backing off.
    private struct RetryingCall {
        let client: HTTPJMRClient
        let method: String
        let path: String
        let body: [UInt8]
        let region: String
        let idempotent: Bool
        var attempts = 0
        var retries = 0
        var skewCorrected = false
        var ambiguous = false
        let started = ContinuousClock.now

        init(client: HTTPJMRClient, method: String, path: String, body: [UInt8], region: String, idempotent: Bool) {
            self.client = client
            self.method = method
            self.path = path
            self.body = body
            self.region = region
            self.idempotent = idempotent
        }

        var elapsed: Duration { ContinuousClock.now - started }
        var elapsedMilliseconds: Int64 { elapsed.milliseconds }

        mutating func run() async throws(JMRError) -> TransportResponse {
            let configuration = client.configuration
            let policy = configuration.retryPolicy
            var lastError: JMRError?
            while true {
                let remaining = configuration.deadline - elapsed
                if Task.isCancelled {
                    throw finalError(lastError, kind: .cancelled, message: "cancelled")
                }
                guard remaining > .zero else {
                    throw finalError(lastError, kind: .deadlineExceeded, message: "deadline of \(configuration.deadline) passed")
                }
                attempts += 1
                let attemptStart = ContinuousClock.now
                let request = signedRequest(timeout: min(configuration.attemptTimeout, remaining))
                var error: JMRError
                var failedResponse: TransportResponse?
                do {
                    let response = try await client.transport.send(request)
                    if (200..<300).contains(response.status) {
                        log(status: "\(response.status)", requestId: Self.requestId(in: response),
                            ms: (ContinuousClock.now - attemptStart).milliseconds, note: nil)
                        configuration.retryBudget.recordSuccess()
                        return response
                    }
                    error = httpError(response)
                    failedResponse = response
                } catch let sendError {
                    error = transportError(sendError)
                }
                let attemptMs = (ContinuousClock.now - attemptStart).milliseconds

                if error.mayHaveCommitted { ambiguous = true }
                error.mayHaveCommitted = ambiguous
                error.attempts = attempts
                lastError = error
                let statusText = error.httpStatus.map(String.init) ?? Self.shortText(of: error.transportError)

                if error.kind == .transport, error.transportError == .cancelled || Task.isCancelled {
                    log(status: statusText, requestId: nil, ms: attemptMs, note: nil)
                    error.kind = .cancelled
                    throw error
                }

                // A skewed clock: retry once, right away, signing with the server's time.
                if !skewCorrected, let failedResponse, let correction = skewCorrection(failedResponse) {
                    skewCorrected = true
                    client.clockOffset.set(correction)
                    log(status: statusText, requestId: error.requestId, ms: attemptMs,
                        note: "clock skew \(Int(correction.rounded())) s, retrying with corrected time")
                    continue
                }

                guard policy.shouldRetry(error, idempotent: idempotent) else {
                    let note = error.isTransient && !idempotent ? "not retried: a create may have been committed" : nil
                    log(status: statusText, requestId: error.requestId, ms: attemptMs, note: note)
                    throw error
                }
                guard retries < policy.maxRetries else {
                    log(status: statusText, requestId: error.requestId, ms: attemptMs, note: "giving up after \(attempts) attempts")
                    throw error
                }
                let retryAfter = failedResponse.flatMap(Self.retryAfter) ?? .zero
                let delay = policy.backoff.delay(forRetry: retries, minimum: retryAfter)
                guard elapsed + delay < configuration.deadline else {
                    log(status: statusText, requestId: error.requestId, ms: attemptMs, note: "giving up: deadline")
                    throw error
                }
                guard configuration.retryBudget.acquire() else {
                    error.retryBudgetExhausted = true
                    log(status: statusText, requestId: error.requestId, ms: attemptMs, note: "giving up: retry budget exhausted")
                    throw error
                }
                retries += 1
                log(status: statusText, requestId: error.requestId, ms: attemptMs, note: "retrying in \(delay.milliseconds) ms")
                do {
                    try await client.sleeper.sleep(for: delay)
                } catch {
                    throw finalError(lastError, kind: .cancelled, message: "cancelled")
                }
            }
        }

        private func signedRequest(timeout: Duration) -> TransportRequest {
            let configuration = client.configuration
            let endpoint = configuration.endpoint
            var headers: [HTTPHeaderField] = [("Content-Type", "application/json"), ("User-Agent", configuration.userAgent)]
            let unsigned = JDCloudRequest(
                method: method, scheme: endpoint.scheme, host: endpoint.host, port: endpoint.port,
                path: path, headers: headers, body: body
            )
            let signer = JDCloudSigner(credentials: configuration.credentials, region: region)
            let date = client.now().addingTimeInterval(client.clockOffset.current)
            let signature = signer.sign(unsigned, date: date)
            headers += signature.headers
            return TransportRequest(method: method, url: endpoint.origin + path, headers: headers, body: body, timeout: timeout)
        }

        private func skewCorrection(_ response: TransportResponse) -> TimeInterval? {
            let errorBody = try? JSONDecoder().decode(JMREnvelope<JSONValue>.self, from: Data(response.body)).error
            return ClockSkewRule.correction(
                httpStatus: response.status, error: errorBody,
                serverDate: response.header("Date").flatMap(HTTPDate.parse), localDate: client.now()
            )
        }

        private func httpError(_ response: TransportResponse) -> JMRError {
            let envelope = try? JSONDecoder().decode(JMREnvelope<JSONValue>.self, from: Data(response.body))
            let message = envelope?.error?.message ?? Self.snippet(of: response.body)
            return JMRError(
                kind: .http, httpStatus: response.status, code: envelope?.error?.code, status: envelope?.error?.status,
                message: message, requestId: envelope?.requestId ?? Self.requestId(in: response),
                mayHaveCommitted: response.status >= 500, attempts: attempts
            )
        }

        private func transportError(_ error: TransportError) -> JMRError {
            JMRError(kind: .transport, transportError: error, mayHaveCommitted: error.mayHaveBeenProcessed, attempts: attempts)
        }

        private func finalError(_ last: JMRError?, kind: JMRError.Kind, message: String) -> JMRError {
            var error = JMRError(kind: kind, message: message, mayHaveCommitted: ambiguous, attempts: attempts)
            if let last {
                error = last
                error.kind = kind
                error.message = message + "; last error: \(last)"
            }
            error.mayHaveCommitted = ambiguous
            error.attempts = attempts
            return error
        }

        private func log(status: String, requestId: String?, ms: Int64, note: String?) {
            guard let logger = client.configuration.logger else { return }
            var line = "jmr \(method) \(path) attempt \(attempts) -> \(status) requestId=\(requestId ?? "-") \(ms)ms"
            line += " ak=\(client.configuration.credentials.maskedAccessKey)"
            if let note { line += " (\(note))" }
            logger(line)
        }

        static func requestId(in response: TransportResponse) -> String? {
            if let id = try? JSONDecoder().decode(JMREnvelope<JSONValue>.self, from: Data(response.body)).requestId {
                return id
            }
            return response.header("x-jdcloud-request-id")
        }

        static func retryAfter(_ response: TransportResponse) -> Duration? {
            guard response.status == 429 || response.status == 503,
                  let value = response.header("Retry-After"), let seconds = Int(value.trimmingCharacters(in: .whitespaces)),
                  seconds >= 0
            else { return nil }
            return .seconds(seconds)
        }

        static func shortText(of error: TransportError?) -> String {
            switch error {
            case .notSent: "not-sent"
            case .timedOut: "timeout"
            case .connectionLost: "connection-lost"
            case .cancelled, nil: "cancelled"
            }
        }

        /// The start of a non-JSON error body, for the error message.
        static func snippet(of body: [UInt8]) -> String? {
            guard !body.isEmpty else { return nil }
            let text = String(decoding: body.prefix(200), as: UTF8.self)
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    private static func decodeSuccess<Result: Codable & Sendable & Equatable>(
        _ response: TransportResponse, attempts: Int, elapsed: Int64, as _: Result.Type
    ) throws(JMRError) -> JMRResponse<Result> {
        let decoder = JSONDecoder()
        let envelope: JMREnvelope<Result>
        do {
            envelope = try decoder.decode(JMREnvelope<Result>.self, from: Data(response.body))
        } catch {
            throw JMRError(
                kind: .invalidResponse, httpStatus: response.status,
                message: "cannot decode \(Result.self): \(error)", requestId: RetryingCall.requestId(in: response),
                mayHaveCommitted: true, attempts: attempts
            )
        }
        let requestId = envelope.requestId ?? response.header("x-jdcloud-request-id")
        if let error = envelope.error {
            throw JMRError(
                kind: .http, httpStatus: response.status, code: error.code, status: error.status,
                message: error.message, requestId: requestId, mayHaveCommitted: false, attempts: attempts
            )
        }
        let metadata = JMRCallMetadata(requestId: requestId, httpStatus: response.status, attempts: attempts, elapsedMilliseconds: elapsed)
        if let result = envelope.result {
            return JMRResponse(value: result, metadata: metadata)
        }
        // A bare `{"requestId": …}` is an empty status result; other results must be present.
        if let empty = try? decoder.decode(Result.self, from: Data("{}".utf8)) {
            return JMRResponse(value: empty, metadata: metadata)
        }
        throw JMRError(
            kind: .invalidResponse, httpStatus: response.status, message: "response has no result",
            requestId: requestId, mayHaveCommitted: true, attempts: attempts
        )
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Percent-encodes a path segment (everything but unreserved characters).
    static func encodePathSegment(_ segment: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }
}

/// A body with the path parameters repeated in it, as the JD Cloud SDKs send them.
struct RegionScoped<Body: Encodable & Sendable>: Encodable, Sendable {
    let regionId: String
    var planId: Int64?
    let body: Body

    init(regionId: String, planId: Int64? = nil, body: Body) {
        self.regionId = regionId
        self.planId = planId
        self.body = body
    }

    enum CodingKeys: String, CodingKey { case regionId, planId }

    func encode(to encoder: any Encoder) throws {
        try body.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(regionId, forKey: .regionId)
        try container.encodeIfPresent(planId, forKey: .planId)
    }
}
