import Crypto
import Foundation
import JMRAPI
import Testing

@Suite struct RequestFormatTests {
    @Test func createIsASignedPostThatTheVerifierAccepts() async throws {
        let transport = ScriptedTransport([Fixture.ok()])
        let credentials = JDCloudCredentials(accessKey: "AKIDCLIENT99", secretKey: "very-secret/Key+1", sessionToken: "tok-777")
        _ = try await Fixture.client(transport, credentials: credentials).createCronJob(region: "cn-north-1", request: Fixture.createRequest)
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "http://127.0.0.1:18080/v1/regions/cn-north-1/cronJob:create")
        #expect(request.header("content-type") == "application/json")
        #expect(request.header("x-jdcloud-content-sha256") == SHA256.hash(request.body).hexString)
        #expect(request.header("x-jdcloud-security-token") == "tok-777")
        #expect(request.timeout == .seconds(30))

        let body = try Fixture.bodyObject(request)
        #expect(body["regionId"] as? String == "cn-north-1")
        #expect(body["minute"] as? String == "30")
        #expect(body["week"] as? String == "?")
        let plan = try #require(body["jmrPlanViewModel"] as? [String: Any])
        #expect(plan["planName"] as? String == "nightly-etl")
        #expect(plan["jobIds"] as? String == "1001,1002")
        #expect(plan["planId"] == nil)
        #expect(plan["description"] == nil)

        // What the server receives verifies against the signer's output.
        let parsed = try JDCloudRequest(method: request.method, url: request.url)
        let verifier = JDCloudVerifier { $0 == "AKIDCLIENT99" ? "very-secret/Key+1" : nil }
        let result = verifier.verify(
            method: request.method, path: parsed.path, query: parsed.query,
            headers: request.headers + [("Host", "127.0.0.1:18080")], body: request.body
        )
        let verified = try #require(result.verified)
        #expect(verified.sessionToken == "tok-777")
        #expect(verified.region == "cn-north-1")
        #expect(verified.requestDate == Fixture.now)
    }

    @Test func pathsAndBodiesOfEveryCall() async throws {
        let transport = ScriptedTransport([
            Fixture.json(200, #"{"requestId":"l","result":{"data":{"cronJobs":[],"totalNum":0}}}"#),
            Fixture.json(200, #"{"requestId":"d","result":{"data":{"jobList":[{"jobId":1}],"totalNum":1}}}"#),
            Fixture.ok(), Fixture.ok(), Fixture.ok(), Fixture.ok(),
        ])
        let client = Fixture.client(transport)
        _ = try await client.getCronJobList(region: "cn-east-2", planName: "etl", pageNum: 2, pageSize: 50)
        let detail = try await client.getCronJobDetail(region: "cn-east-2", planId: 42, pageNum: 1, pageSize: 10)
        _ = try await client.deleteCronJob(region: "cn-east-2", planId: 42)
        _ = try await client.pauseCronJob(region: "cn-east-2", planId: 42)
        _ = try await client.resumeCronJob(region: "cn-east-2", planId: 42)
        _ = try await client.isValidPlanName(region: "cn-east-2", planName: "etl", planId: nil)
        #expect(detail.value.jobList == [.object(["jobId": .number(1)])])
        #expect(detail.value.totalNum == 1)

        let paths = transport.requests.map { $0.url.replacingOccurrences(of: "http://127.0.0.1:18080", with: "") }
        #expect(paths == [
            "/v1/regions/cn-east-2/cronJob:list",
            "/v1/regions/cn-east-2/cronJob/42:detail",
            "/v1/regions/cn-east-2/cronJob/42:delete",
            "/v1/regions/cn-east-2/cronJob/42:pause",
            "/v1/regions/cn-east-2/cronJob/42:resume",
            "/v1/regions/cn-east-2/planName:valid",
        ])
        let list = try Fixture.bodyObject(transport.requests[0])
        #expect((list["jmrPlanViewModel"] as? [String: Any])?["planName"] as? String == "etl")
        #expect((list["selectParams"] as? [String: Any])?["pageNum"] as? Int == 2)
        #expect((list["selectParams"] as? [String: Any])?["pageSize"] as? Int == 50)
        #expect(try Fixture.bodyObject(transport.requests[1])["planId"] as? Int == 42)
        #expect(transport.requests[2].body.isEmpty)
        let valid = try Fixture.bodyObject(transport.requests[5])
        #expect(valid["planName"] as? String == "etl")
        #expect(valid["planId"] == nil)
    }

    @Test func regionIsEncodedInThePath() async throws {
        let transport = ScriptedTransport([Fixture.ok()])
        _ = try await Fixture.client(transport).pauseCronJob(region: "a/b c", planId: 1)
        #expect(transport.requests.first?.url == "http://127.0.0.1:18080/v1/regions/a%2Fb%20c/cronJob/1:pause")
        await #expect(throws: JMRError.self) { try await Fixture.client(transport).pauseCronJob(region: "", planId: 1) }
    }

    @Test func endpointParsing() throws {
        #expect(try JMREndpoint("http://127.0.0.1:8080") == JMREndpoint(scheme: "http", host: "127.0.0.1", port: 8080))
        #expect(try JMREndpoint("https://idata-jmr-api.jcloud.com/v1/") == .production)
        #expect(try JMREndpoint("https://idata-jmr-api.jcloud.com:443") == .production)
        #expect(try JMREndpoint("HTTP://proxy:9000/jmr").pathPrefix == "/jmr")
        #expect(throws: JMREndpointError.self) { try JMREndpoint("ftp://x") }
        #expect(throws: JMREndpointError.self) { try JMREndpoint("127.0.0.1:8080") }
        #expect(throws: JMREndpointError.self) { try JMREndpoint("http://x/?a=1") }
    }
}
