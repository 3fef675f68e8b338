import Foundation
import Synchronization

/// The simulator's request handling, independent of sockets: routing, authentication, the
/// request-time window, fault injection, the JMR calls, inspection, statistics and logging.
final class SimulatorService: Sendable {
    private let options: SimulatorOptions
    private let store: PlanStore
    private let faults: FaultInjector
    private let authenticator: (any RequestAuthenticator)?
    private let statistics = Mutex(SimulatorStatistics())
    private let log: (@Sendable (String) -> Void)?

    init(options: SimulatorOptions, log: (@Sendable (String) -> Void)?) throws(SimulatorError) {
        self.options = options
        self.log = options.quiet ? nil : log
        store = try PlanStore(stateFile: options.stateFile)
        faults = FaultInjector(
            failRate: options.failRate, failAfterCommitRate: options.failAfterCommitRate,
            dropRate: options.dropRate, seed: options.seed
        )
        if let accessKey = options.accessKey, let secretKey = options.secretKey {
            authenticator = SignatureAuthenticator(accessKey: accessKey, secretKey: secretKey)
        } else {
            authenticator = nil
        }
    }

    /// The server clock: the system clock shifted by `clockOffsetSeconds`, in seconds since 1970.
    func now() -> Double {
        Date().timeIntervalSince1970 + options.clockOffsetSeconds
    }

    var plans: [SimulatedPlan] { store.allPlans }

    var currentStatistics: SimulatorStatistics { statistics.withLock { $0 } }

    func saveState() throws(SimulatorError) {
        try store.save()
    }

    // MARK: Entry points

    /// Answers one request (or decides to drop it), logging one line.
    func handle(_ request: HTTPRequest) -> HTTPOutcome {
        let started = ContinuousClock.now
        let requestId = Self.makeRequestId()
        let (outcome, note) = dispatch(request, requestId: requestId)
        statistics.withLock { $0.requests += 1 }
        if let log {
            let elapsed = started.duration(to: .now)
            let milliseconds = Int((Double(elapsed.components.seconds) * 1000
                + Double(elapsed.components.attoseconds) / 1e15).rounded())
            let status: String
            switch outcome {
            case .drop: status = "dropped"
            case .respond(let response): status = String(response.status)
            }
            log("\(request.method) \(request.rawPath) \(status) \(milliseconds)ms\(note.map { " (\($0))" } ?? "")")
        }
        return outcome
    }

    /// The answer to a request the HTTP parser rejected (the connection is closed after it).
    func protocolErrorResponse(status: Int, message: String) -> HTTPResponse {
        statistics.withLock { $0.requests += 1 }
        log?("- - \(status) 0ms (\(message))")
        var response = errorResponse(
            APIError(code: status, status: HTTPServer.errorStatus(for: status), message: message),
            requestId: Self.makeRequestId()
        )
        response.closesConnection = true
        return response
    }

    private func dispatch(_ request: HTTPRequest, requestId: String) -> (HTTPOutcome, note: String?) {
        let path = request.rawPath
        if path == "/__sim" || path.hasPrefix("/__sim/") {
            return (.respond(inspect(request, requestId: requestId)), nil)
        }
        switch APIRoute.match(rawPath: path) {
        case .notFound:
            let error = APIError(code: 404, status: "NOT_FOUND", message: "no such API: \(request.method) \(path)")
            return (.respond(errorResponse(error, requestId: requestId)), nil)
        case .invalidPlanId(let text):
            let error = APIError.invalidArgument("planId in the path must be a positive integer, got '\(text)'")
            return (.respond(errorResponse(error, requestId: requestId)), nil)
        case .route(let route):
            guard request.method == "POST" else {
                var response = errorResponse(
                    APIError(code: 405, status: "METHOD_NOT_ALLOWED", message: "\(route.action.rawValue) takes POST, not \(request.method)"),
                    requestId: requestId
                )
                response.headers.add("Allow", "POST")
                return (.respond(response), nil)
            }
            return call(route, request: request, requestId: requestId)
        }
    }

    // MARK: API calls

    private func call(_ route: APIRoute, request: HTTPRequest, requestId: String) -> (HTTPOutcome, note: String?) {
        statistics.withLock { stats in
            stats.calls[route.action.rawValue, default: 0] += 1
            if route.action.isMutating { stats.mutating += 1 }
        }
        if options.latencyMilliseconds > 0 {
            Thread.sleep(forTimeInterval: Double(options.latencyMilliseconds) / 1000)
        }
        let fault = faults.isActive ? faults.nextOutcome() : .none
        if fault != .none {
            statistics.withLock { $0.faults[fault.rawValue, default: 0] += 1 }
        }
        let note = fault == .none ? nil : "injected \(fault.rawValue)"
        switch fault {
        case .failBeforeChange:
            let error = APIError.internalError("simulated internal error; nothing was changed")
            return (.respond(errorResponse(error, requestId: requestId)), note)
        case .dropBeforeChange:
            return (.drop, note)
        case .none, .failAfterCommit, .dropAfterChange:
            break
        }
        let result: Result<JSONValue, APIError>
        do throws(APIError) {
            result = .success(try execute(route, request: request))
        } catch {
            result = .failure(error)
        }
        switch fault {
        case .failAfterCommit:
            let error = APIError.unavailable("simulated unavailability after the call was processed")
            return (.respond(errorResponse(error, requestId: requestId)), note)
        case .dropAfterChange:
            return (.drop, note)
        default:
            switch result {
            case .success(let value):
                return (.respond(.json(200, ["requestId": .string(requestId), "result": value], headers: idHeader(requestId))), note)
            case .failure(let error):
                return (.respond(errorResponse(error, requestId: requestId)), note)
            }
        }
    }

    private func execute(_ route: APIRoute, request: HTTPRequest) throws(APIError) -> JSONValue {
        if let authenticator, let failure = authenticator.authenticate(request, region: route.region) {
            throw failure
        }
        if let failure = RequestTimeWindow.check(request, now: now()) {
            throw failure
        }
        let region = route.region
        let timestamp = Self.timestamp(now())
        switch route.action {
        case .create, .modify:
            let body = try FieldReader.body(request.body, allowEmpty: false)
            let write = try PlanWriteRequest.read(body, isModify: route.action == .modify)
            return try commit { registry throws(APIError) in try registry.write(write, region: region, now: timestamp) }
        case .list:
            let body = try FieldReader.body(request.body, allowEmpty: true)
            let filter = try PlanFilter.read(from: body)
            let paging = try Paging.read(from: body)
            return try store.read { registry in registry.list(filter, paging: paging, region: region) }
        case .detail:
            let body = try FieldReader.body(request.body, allowEmpty: true)
            let paging = try Paging.read(from: body)
            let planId = route.planId!
            return try store.read { registry throws(APIError) in try registry.detail(planId, paging: paging, region: region) }
        case .delete:
            _ = try FieldReader.body(request.body, allowEmpty: true)
            let planId = route.planId!
            return try commit { registry throws(APIError) in try registry.delete(planId, region: region) }
        case .pause, .resume:
            _ = try FieldReader.body(request.body, allowEmpty: true)
            let planId = route.planId!
            let status = route.action == .pause ? "paused" : "running"
            return try commit { registry throws(APIError) in
                try registry.setStatus(status, of: planId, region: region, now: timestamp)
            }
        case .validatePlanName:
            let body = try FieldReader.body(request.body, allowEmpty: false)
            let name = try body.requiredString("planName")
            let planId = try body.integer("planId")
            return try store.read { registry throws(APIError) in try registry.validateName(name, planId: planId, region: region) }
        }
    }

    private func commit(_ body: (inout PlanRegistry) throws(APIError) -> JSONValue) throws(APIError) -> JSONValue {
        let (result, changed) = try store.mutate(body)
        if changed { statistics.withLock { $0.changes += 1 } }
        return result
    }

    // MARK: Inspection

    private func inspect(_ request: HTTPRequest, requestId: String) -> HTTPResponse {
        let path = request.rawPath
        let query = request.target.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        let expected: String
        switch path {
        case "/__sim/plans", "/__sim/stats", "/__sim/health": expected = "GET"
        case "/__sim/reset": expected = "POST"
        default:
            let error = APIError(code: 404, status: "NOT_FOUND", message: "no such inspection endpoint: \(path)")
            return errorResponse(error, requestId: requestId)
        }
        guard request.method == expected || (expected == "GET" && request.method == "HEAD") else {
            var response = errorResponse(
                APIError(code: 405, status: "METHOD_NOT_ALLOWED", message: "\(path) takes \(expected), not \(request.method)"),
                requestId: requestId
            )
            response.headers.add("Allow", expected)
            return response
        }
        switch path {
        case "/__sim/plans":
            let region = query.split(separator: "&").first { $0.hasPrefix("region=") }.map { String($0.dropFirst(7)) }
            let plans = store.allPlans.filter { region == nil || $0.region == region }
            return .json(200, ["plans": .array(plans.map(\.inspectionJSON))], headers: idHeader(requestId))
        case "/__sim/stats":
            return .json(200, currentStatistics.json, headers: idHeader(requestId))
        case "/__sim/reset":
            do throws(SimulatorError) {
                try store.reset()
            } catch {
                return errorResponse(.internalError(error.message), requestId: requestId)
            }
            statistics.withLock { $0 = SimulatorStatistics() }
            return .json(200, ["status": "success", "message": "all plans and statistics cleared"], headers: idHeader(requestId))
        default:
            return .json(200, ["status": "ok"], headers: idHeader(requestId))
        }
    }

    // MARK: Helpers

    private func idHeader(_ requestId: String) -> HTTPHeaders {
        HTTPHeaders([("x-jdcloud-request-id", requestId)])
    }

    private func errorResponse(_ error: APIError, requestId: String) -> HTTPResponse {
        .json(error.code, ["requestId": .string(requestId), "error": error.json], headers: idHeader(requestId))
    }

    /// A JD Cloud style request id: 32 lower-case letters and digits.
    static func makeRequestId() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// "yyyy-MM-dd HH:mm:ss" in UTC, the form of createTime and modifyTime.
    static func timestamp(_ secondsSince1970: Double) -> String {
        let parts = UTCComponents(secondsSince1970: secondsSince1970)
        let pad = { (value: Int) in HTTPDate.pad(value) }
        return "\(parts.year)-\(pad(parts.month))-\(pad(parts.day)) \(pad(parts.hour)):\(pad(parts.minute)):\(pad(parts.second))"
    }
}
