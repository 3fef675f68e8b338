import Foundation
import JMRAPI
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct URLSessionTransportTests {
    /// A loopback port with nothing listening: bound, read, then closed.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func connectionRefusedIsNotSentAndCreateIsRetried() async throws {
        let port = try Self.closedPort()
        let transport = URLSessionTransport(maxConnectionsPerHost: 2, resourceTimeout: .seconds(5))
        let request = TransportRequest(
            method: "POST", url: "http://127.0.0.1:\(port)/v1/regions/r/cronJob:create",
            headers: [("Content-Type", "application/json")], body: Array("{}".utf8), timeout: .seconds(5)
        )
        var failure: TransportError?
        do {
            let response = try await transport.send(request)
            Issue.record("unexpected response \(response.status)")
        } catch {
            failure = error
        }
        guard case .notSent? = failure else {
            Issue.record("expected notSent, got \(String(describing: failure))")
            return
        }

        // A create through the real transport is retried when the connection is refused.
        let sleeper = RecordingSleeper()
        let client = HTTPJMRClient(
            configuration: JMRClientConfiguration(
                endpoint: try JMREndpoint("http://127.0.0.1:\(port)"), credentials: Fixture.credentials,
                attemptTimeout: .seconds(5), retryPolicy: RetryPolicy(maxRetries: 2)
            ),
            sleeper: sleeper
        )
        let error = await #expect(throws: JMRError.self) {
            try await client.createCronJob(region: "cn-north-1", request: Fixture.createRequest)
        }
        #expect(error?.attempts == 3)
        #expect(error?.mayHaveCommitted == false)
        #expect(sleeper.sleeps.count == 2)
    }
}
