import Foundation
import JMRAPI
import Testing

@Suite struct SecretMaskingTests {
    static let secret = "very-secret/Key+1"
    static let token = "session-tok-31337"
    static let credentials = JDCloudCredentials(accessKey: "AKIDCLIENT99", secretKey: secret, sessionToken: token)

    @Test func verboseLogHasOneLinePerAttemptAndNoSecrets() async throws {
        let log = LogCollector()
        let transport = ScriptedTransport([
            Fixture.error(503, "UNAVAILABLE", "busy", requestId: "r1"),
            .fail(.timedOut),
            Fixture.ok("r3"),
            Fixture.error(400, "INVALID_ARGUMENT", "bad", requestId: "r4"),
        ])
        let client = Fixture.client(transport, credentials: Self.credentials, logger: log.logger)
        _ = try await client.pauseCronJob(region: "cn-north-1", planId: 5)
        await #expect(throws: JMRError.self) { try await client.deleteCronJob(region: "cn-north-1", planId: 5) }

        let lines = log.lines
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("jmr POST /v1/regions/cn-north-1/cronJob/5:pause attempt 1 -> 503 requestId=r1 "))
        #expect(lines[1].contains("attempt 2 -> timeout requestId=-"))
        #expect(lines[2].contains("attempt 3 -> 200 requestId=r3"))
        #expect(lines[3].contains("cronJob/5:delete attempt 1 -> 400 requestId=r4"))
        #expect(lines.allSatisfy { $0.contains("ak=AKID****") && $0.contains("ms") })

        let signatures = transport.requests.compactMap { $0.header("Authorization") }
            .compactMap { $0.components(separatedBy: "Signature=").last }
        #expect(signatures.count == 4)
        for line in lines {
            #expect(!line.contains(Self.secret))
            #expect(!line.contains(Self.token))
            #expect(!line.contains("AKIDCLIENT99"))
            for signature in signatures { #expect(!line.contains(signature)) }
        }
    }

    @Test func errorsAndConfigurationDoNotRevealSecrets() async throws {
        let transport = ScriptedTransport([Fixture.error(403, "FORBIDDEN", "denied")])
        let client = Fixture.client(transport, credentials: Self.credentials)
        let error = await #expect(throws: JMRError.self) { try await client.pauseCronJob(region: "cn-north-1", planId: 5) }
        var dumped = ""
        dump(client.configuration, to: &dumped)
        dump(error, to: &dumped)
        let resolved = ResolvedCredentials(credentials: Self.credentials, source: .environment, regionId: nil, endpoint: nil, scheme: nil, timeoutSeconds: nil)
        let texts = [
            dumped, String(describing: error), String(reflecting: error), "\(Self.credentials)",
            String(reflecting: Self.credentials), String(describing: client.configuration), String(describing: resolved),
            String(reflecting: resolved),
        ]
        for text in texts {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains(Self.token))
            #expect(!text.contains("AKIDCLIENT99"))
        }
        #expect(String(describing: Self.credentials) == "JDCloudCredentials(accessKey: AKID****, secretKey: <redacted>, sessionToken: <redacted>)")
    }
}
