import Foundation
import JMRAPI
import Testing

/// The real URLSession transport against a loopback server: what goes over the wire
/// must verify with `JDCloudVerifier`.
@Suite struct WireTests {
    @Test func signedRequestsVerifyOnTheWire() async throws {
        let server = try LoopbackServer(responses: [
            (200, #"{"requestId":"wire-1","result":{"status":"success","message":"created"}}"#),
            (200, #"{"requestId":"wire-2","result":{"data":{"cronJobs":[{"planId":5,"planName":"夜间同步"}],"totalNum":1}}}"#),
            (400, #"{"requestId":"wire-3","error":{"code":400,"status":"INVALID_ARGUMENT","message":"plan name taken"}}"#),
            (200, #"{"requestId":"wire-4","result":{"status":"success"}}"#),
        ])
        defer { server.stop() }
        let credentials = JDCloudCredentials(accessKey: "AKIDWIRE0001", secretKey: "wire-secret", sessionToken: "wire-token")
        let client = HTTPJMRClient(configuration: JMRClientConfiguration(
            endpoint: try JMREndpoint("http://127.0.0.1:\(server.port)"), credentials: credentials,
            attemptTimeout: .seconds(10), retryPolicy: RetryPolicy(maxRetries: 0)
        ))
        var request = Fixture.createRequest
        request.jmrPlanViewModel.planName = "夜间同步"
        let created = try await client.createCronJob(region: "cn-north-1", request: request)
        #expect(created.value == StatusResult(status: "success", message: "created"))
        #expect(created.metadata.requestId == "wire-1")
        let found = try await client.findPlan(named: "夜间同步", region: "cn-north-1")
        #expect(found.value?.planId == 5)
        let error = await #expect(throws: JMRError.self) {
            try await client.createCronJob(region: "cn-north-1", request: request)
        }
        #expect(error?.description == "HTTP 400 INVALID_ARGUMENT: plan name taken (requestId wire-3)")

        let paused = try await client.pauseCronJob(region: "cn-north-1", planId: 5)
        #expect(paused.metadata.requestId == "wire-4")

        let verifier = JDCloudVerifier { $0 == "AKIDWIRE0001" ? "wire-secret" : nil }
        let received = server.received
        #expect(received.count == 4)
        for wire in received {
            let result = verifier.verify(method: wire.method, path: wire.path, query: wire.query, headers: wire.headers, body: wire.body)
            let verified = try #require(result.verified, "\(wire.path): \(String(describing: result.failure))")
            #expect(verified.sessionToken == "wire-token")
            #expect(abs(verified.requestDate.timeIntervalSinceNow) < 60)
        }
        #expect(received.first?.path == "/v1/regions/cn-north-1/cronJob:create")
        #expect(received.last?.path == "/v1/regions/cn-north-1/cronJob/5:pause")
        #expect(received.last?.body.isEmpty == true)
        let body = try JSONSerialization.jsonObject(with: Data(try #require(received.first?.body))) as? [String: Any]
        #expect((body?["jmrPlanViewModel"] as? [String: Any])?["planName"] as? String == "夜间同步")
    }
}
