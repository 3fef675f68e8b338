import Foundation
import JMRAPI
import JMRSim
import Testing

/// `HTTPJMRClient` over real HTTP (URLSession) against an in-process `jmr-sim`:
/// retries and backoff on injected 500s, no retries on 4xx, the clock-skew retry,
/// and masked verbose logs.
@Suite struct ClientAgainstSimulatorTests {
    @Test func injectedServerErrorsAreRetriedWithBackoffUntilTheLimit() async throws {
        let sim = try SimulatedService { $0.failRate = 1 }
        defer { sim.stop() }
        let sleeper = RecordingSleeper()
        let client = sim.client(maxRetries: 3, sleeper: sleeper)

        let error = await #expect(throws: JMRError.self) {
            try await client.getCronJobList(region: "cn-north-1", planName: nil, pageNum: 1, pageSize: 10)
        }

        #expect(error?.httpStatus == 500)
        #expect(error?.status == "INTERNAL")
        #expect(error?.attempts == 4)
        #expect(error?.requestId?.count == 32)
        #expect(error?.isTransient == true)
        // Full jitter at 0.5 of the capped exponential ceiling: 200, 400, 800 ms.
        #expect(sleeper.sleeps == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
        #expect(sim.server.statistics.calls["cronJob:list"] == 4, "the server saw every attempt")
    }

    @Test func aCreateHitByAServerErrorIsNotRetried() async throws {
        let sim = try SimulatedService { $0.failRate = 1 }
        defer { sim.stop() }
        let sleeper = RecordingSleeper()
        let client = sim.client(maxRetries: 3, sleeper: sleeper)

        let error = await #expect(throws: JMRError.self) {
            try await client.createCronJob(region: "cn-north-1", request: SimulatedService.create("nightly"))
        }

        #expect(error?.httpStatus == 500)
        #expect(error?.attempts == 1)
        #expect(error?.mayHaveCommitted == true, "a 5xx after sending may have committed")
        #expect(sleeper.sleeps.isEmpty)
        #expect(sim.server.statistics.calls["cronJob:create"] == 1)
    }

    @Test func occasionalServerErrorsAreRetriedAway() async throws {
        let sim = try SimulatedService { options in
            options.failRate = 0.4
            options.seed = 5
        }
        defer { sim.stop() }
        let client = sim.client(maxRetries: 10)

        var attempts = 0
        for _ in 0..<20 {
            let page = try await client.getCronJobList(region: "cn-north-1", planName: nil, pageNum: 1, pageSize: 10)
            attempts += page.metadata.attempts
        }

        let statistics = sim.server.statistics
        #expect(attempts > 20, "some calls needed retries")
        #expect(statistics.calls["cronJob:list"] == attempts)
        #expect(statistics.faults["failBeforeChange"] == attempts - 20)
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let sim = try SimulatedService()
        defer { sim.stop() }
        let sleeper = RecordingSleeper()
        let client = sim.client(maxRetries: 3, sleeper: sleeper)
        _ = try await client.createCronJob(region: "cn-north-1", request: SimulatedService.create("nightly"))

        let taken = await #expect(throws: JMRError.self) {
            try await client.createCronJob(region: "cn-north-1", request: SimulatedService.create("nightly"))
        }
        var invalid = SimulatedService.create("bad-schedule")
        invalid.hour = "25"
        let rejected = await #expect(throws: JMRError.self) {
            try await client.createCronJob(region: "cn-north-1", request: invalid)
        }
        let missing = await #expect(throws: JMRError.self) {
            try await client.pauseCronJob(region: "cn-north-1", planId: 424_242)
        }

        #expect(taken?.httpStatus == 400)
        #expect(taken?.status == "ALREADY_EXISTS")
        #expect(rejected?.status == "INVALID_ARGUMENT")
        #expect(missing?.httpStatus == 404)
        for error in [taken, rejected, missing] {
            #expect(error?.attempts == 1)
            #expect(error?.mayHaveCommitted == false)
        }
        #expect(sleeper.sleeps.isEmpty)
        let calls = sim.server.statistics.calls
        #expect(calls["cronJob:create"] == 3)
        #expect(calls["cronJob:pause"] == 1)
        #expect(sim.server.plans.map(\.planName) == ["nightly"])
    }

    @Test func aWrongSecretIsRejectedOnceAndNotTakenForClockSkew() async throws {
        let sim = try SimulatedService()
        defer { sim.stop() }
        let wrong = JDCloudCredentials(accessKey: SimulatedService.accessKey, secretKey: "not-the-secret")
        let client = sim.client(credentials: wrong)

        let error = await #expect(throws: JMRError.self) {
            try await client.getCronJobList(region: "cn-north-1", planName: nil, pageNum: 1, pageSize: 10)
        }

        #expect(error?.httpStatus == 401)
        #expect(error?.status == "UNAUTHENTICATED")
        #expect(error?.attempts == 1)
        #expect(client.clockOffsetSeconds == 0)
    }

    @Test func aSkewedClockIsCorrectedWithOneRetry() async throws {
        // The server's clock runs ten minutes ahead: our first request is outside its window.
        let sim = try SimulatedService { $0.clockOffsetSeconds = 600 }
        defer { sim.stop() }
        let logs = LogCollector()
        let client = sim.client(logger: logs.logger)

        let first = try await client.createCronJob(region: "cn-north-1", request: SimulatedService.create("nightly"))
        let second = try await client.findPlan(named: "nightly", region: "cn-north-1")

        #expect(first.metadata.attempts == 2)
        #expect(abs(client.clockOffsetSeconds - 600) < 5, "learned offset \(client.clockOffsetSeconds)")
        #expect(second.metadata.attempts == 1, "later calls are signed with the corrected time")
        #expect(second.value?.planName == "nightly")
        #expect(sim.server.statistics.calls["cronJob:create"] == 2)
        #expect(sim.server.plans.count == 1, "the rejected attempt changed nothing")
        #expect(logs.lines.first?.contains("-> 401") == true)
        #expect(logs.lines.first?.contains("clock skew") == true, "\(logs.lines)")
    }

    @Test func verboseLogsMaskTheAccessKeyAndNeverShowSecrets() async throws {
        let sim = try SimulatedService { options in
            options.failRate = 0.3
            options.seed = 9
        }
        defer { sim.stop() }
        let logs = LogCollector()
        let client = sim.client(maxRetries: 10, logger: logs.logger)

        for index in 0..<8 {
            _ = try? await client.createCronJob(region: "cn-north-1", request: SimulatedService.create("plan-\(index)"))
            _ = try await client.findPlan(named: "plan-\(index)", region: "cn-north-1")
        }
        let failing = sim.client(credentials: JDCloudCredentials(accessKey: SimulatedService.accessKey, secretKey: "wrong-secret-value"), logger: logs.logger)
        _ = try? await failing.getCronJobList(region: "cn-north-1", planName: nil, pageNum: 1, pageSize: 1)

        let lines = logs.lines
        #expect(lines.count >= 17)
        #expect(lines.contains { $0.contains("retrying") }, "some attempts failed and were retried")
        for line in lines {
            #expect(line.contains("ak=AKSI****"), "\(line)")
            #expect(!line.contains(SimulatedService.accessKey))
            #expect(!line.contains(SimulatedService.secretKey))
            #expect(!line.contains("wrong-secret-value"))
            #expect(!line.contains("Signature="))
            #expect(!line.contains("JDCLOUD3-HMAC-SHA256"))
        }
    }
}

/// An in-process simulator requiring signatures, on a free port.
final class SimulatedService: Sendable {
    static let accessKey = "AKSIMCLIENT0042"
    static let secretKey = "client/Secret+Key==sim"

    let server: SimulatorServer
    let port: UInt16

    init(configure: (inout SimulatorOptions) -> Void = { _ in }) throws {
        var options = SimulatorOptions()
        options.port = 0
        options.quiet = true
        options.accessKey = Self.accessKey
        options.secretKey = Self.secretKey
        configure(&options)
        server = try SimulatorServer(options: options)
        port = try server.start()
    }

    func stop() { server.stop() }

    /// A client over URLSession to this server.
    func client(
        credentials: JDCloudCredentials = JDCloudCredentials(accessKey: accessKey, secretKey: secretKey),
        maxRetries: Int = 3, sleeper: any Sleeper = RecordingSleeper(), logger: (@Sendable (String) -> Void)? = nil
    ) -> HTTPJMRClient {
        HTTPJMRClient(
            configuration: JMRClientConfiguration(
                endpoint: JMREndpoint(scheme: "http", host: "127.0.0.1", port: Int(port)),
                credentials: credentials, attemptTimeout: .seconds(10),
                retryPolicy: RetryPolicy(maxRetries: maxRetries, backoff: Backoff(random: { 0.5 })),
                retryBudget: RetryBudget(retries: 100), logger: logger
            ),
            sleeper: sleeper
        )
    }

    static func create(_ name: String) -> CreateCronJobRequest {
        CreateCronJobRequest(
            day: "*", hour: "2", minute: "30", month: "*", time: "0", week: "?",
            jmrPlanViewModel: JmrPlanViewModel(clusterId: "jmr-abc123", failurePolicy: "continue", jobIds: "1001,1002", planName: name, planType: "cron")
        )
    }
}
