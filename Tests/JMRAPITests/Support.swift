import Foundation
import JMRAPI
import Synchronization

/// A transport that replays a script of outcomes and records every request.
final class ScriptedTransport: Transport {
    enum Step: Sendable {
        case respond(TransportResponse)
        case fail(TransportError)
    }

    private let state: Mutex<(steps: [Step], requests: [TransportRequest])>

    init(_ steps: [Step]) {
        state = Mutex((steps, []))
    }

    var requests: [TransportRequest] { state.withLock { $0.requests } }
    var remainingSteps: Int { state.withLock { $0.steps.count } }

    func send(_ request: TransportRequest) async throws(TransportError) -> TransportResponse {
        let step = state.withLock { state -> Step? in
            state.requests.append(request)
            return state.steps.isEmpty ? nil : state.steps.removeFirst()
        }
        switch step {
        case .respond(let response): return response
        case .fail(let error): throw error
        case nil: throw .notSent("script exhausted")
        }
    }
}

/// Records requested sleeps and returns at once.
final class RecordingSleeper: Sleeper {
    private let recorded = Mutex<[Duration]>([])

    var sleeps: [Duration] { recorded.withLock { $0 } }

    func sleep(for duration: Duration) async throws {
        recorded.withLock { $0.append(duration) }
    }
}

/// Collects log lines.
final class LogCollector: Sendable {
    private let recorded = Mutex<[String]>([])

    var lines: [String] { recorded.withLock { $0 } }

    var logger: @Sendable (String) -> Void {
        { line in self.recorded.withLock { $0.append(line) } }
    }
}

enum Fixture {
    static let credentials = JDCloudCredentials(accessKey: "AKIDCLIENT99", secretKey: "very-secret/Key+1", sessionToken: nil)
    static let now = Date(timeIntervalSince1970: 1_796_294_400) // 2026-12-03T10:40:00Z

    static func json(_ status: Int, _ body: String, headers: [HTTPHeaderField] = []) -> ScriptedTransport.Step {
        .respond(TransportResponse(status: status, headers: headers, body: Array(body.utf8)))
    }

    static func ok(_ requestId: String = "req-ok") -> ScriptedTransport.Step {
        json(200, #"{"requestId":"\#(requestId)","result":{"status":"success","message":"ok"}}"#)
    }

    static func error(_ status: Int, _ code: String, _ message: String, requestId: String = "req-err", headers: [HTTPHeaderField] = []) -> ScriptedTransport.Step {
        json(status, #"{"requestId":"\#(requestId)","error":{"code":\#(status),"status":"\#(code)","message":"\#(message)"}}"#, headers: headers)
    }

    static func client(
        _ transport: ScriptedTransport, sleeper: RecordingSleeper = RecordingSleeper(),
        credentials: JDCloudCredentials = credentials, maxRetries: Int = 4, budget: RetryBudget = RetryBudget(retries: 100),
        deadline: Duration = .seconds(180), logger: (@Sendable (String) -> Void)? = nil, random: Double = 0.5,
        now: @escaping @Sendable () -> Date = { Fixture.now }
    ) -> HTTPJMRClient {
        let configuration = JMRClientConfiguration(
            endpoint: JMREndpoint(scheme: "http", host: "127.0.0.1", port: 18_080),
            credentials: credentials,
            deadline: deadline,
            retryPolicy: RetryPolicy(maxRetries: maxRetries, backoff: Backoff(random: { random })),
            retryBudget: budget,
            logger: logger
        )
        return HTTPJMRClient(configuration: configuration, transport: transport, sleeper: sleeper, now: now)
    }

    static let createRequest = CreateCronJobRequest(
        day: "*", hour: "2", minute: "30", month: "*", time: "0", week: "?",
        jmrPlanViewModel: JmrPlanViewModel(clusterId: "jmr-abc123", failurePolicy: "continue", jobIds: "1001,1002", planName: "nightly-etl", planType: "cron")
    )

    static var updateRequest: CreateCronJobRequest {
        var request = createRequest
        request.jmrPlanViewModel.planId = 42
        return request
    }

    static func header(_ request: TransportRequest, _ name: String) -> String? {
        request.header(name)
    }

    static func bodyObject(_ request: TransportRequest) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] ?? [:]
    }
}
