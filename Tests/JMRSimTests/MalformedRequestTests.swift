import Foundation
import Testing
@testable import JMRSim

@Suite("Malformed and oversized requests")
struct MalformedRequestTests {
    /// Sends raw bytes on a new connection and reads one answer.
    func answer(_ sim: TestServer, _ bytes: [UInt8]) throws -> RawResponse {
        let connection = try sim.connect()
        connection.send(bytes)
        return try connection.readResponse()
    }

    func stillAnswers(_ sim: TestServer) throws -> Bool {
        try sim.list().total >= 0
    }

    @Test(arguments: [
        ("garbage request line", "HELLO\r\n\r\n", 400),
        ("no version", "GET /\r\n\r\n", 400),
        ("relative target", "GET v1 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("HTTP/2 request line", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        ("header without colon", "GET / HTTP/1.1\r\nHost: x\r\nbroken header\r\n\r\n", 400),
        ("space before colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
        ("folded header", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  b\r\n\r\n", 400),
        ("missing Host", "GET /__sim/stats HTTP/1.1\r\n\r\n", 400),
        ("bad Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 12a\r\n\r\n", 400),
        ("conflicting Content-Length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
        ("chunked body", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 411),
    ])
    func malformedHeadsAreRefused(name: String, request: String, status: Int) throws {
        let sim = try TestServer()
        let connection = try sim.connect()
        connection.send(request)
        let response = try connection.readResponse()
        #expect(response.status == status, "\(name)")
        #expect(response.headers["Connection"] == "close")
        #expect(response.json?["error"]?["code"]?.intValue == status)
        #expect(response.headers["x-jdcloud-request-id"] != nil)
        #expect(connection.readsEndOfStream())
        #expect(try stillAnswers(sim))
    }

    @Test func binaryGarbageDoesNotHurtTheServer() throws {
        let sim = try TestServer()
        var generator = SplitMix64(seed: 99)
        for _ in 0..<20 {
            let connection = try sim.connect()
            connection.send((0..<2000).map { _ in UInt8(truncatingIfNeeded: generator.next()) } + Array("\r\n\r\n".utf8))
            if let response = try? connection.readResponse() {
                #expect((400..<500).contains(response.status))
            }
        }
        #expect(try stillAnswers(sim))
    }

    @Test func oversizedHeaderGets431() throws {
        let sim = try TestServer()
        let big = String(repeating: "a", count: 20 * 1024)
        let response = try answer(sim, Array("GET /__sim/stats HTTP/1.1\r\nHost: x\r\nX-Big: \(big)\r\n\r\n".utf8))
        #expect(response.status == 431)
        // Even without a blank line ever arriving.
        let endless = try answer(sim, Array("GET /__sim/stats HTTP/1.1\r\nHost: x\r\nX-Big: \(big)".utf8))
        #expect(endless.status == 431)
        #expect(try stillAnswers(sim))
    }

    @Test func oversizedBodyGets413() throws {
        let sim = try TestServer()
        let body = [UInt8](repeating: UInt8(ascii: " "), count: 1024 * 1024 + 1)
        let response = try answer(sim, TestServer.rawRequest("POST", "/v1/regions/cn-north-1/cronJob:list", body: body, host: "x", headers: []))
        #expect(response.status == 413)
        #expect(response.errorStatus == "PAYLOAD_TOO_LARGE")
        // A body of exactly the limit is read and parsed.
        let atLimit = [UInt8](repeating: UInt8(ascii: " "), count: 1024 * 1024 - 2) + Array("{}".utf8)
        let accepted = try answer(sim, TestServer.rawRequest("POST", "/v1/regions/cn-north-1/cronJob:list", body: atLimit, host: "x", headers: []))
        #expect(accepted.status == 200)
        #expect(try stillAnswers(sim))
    }

    @Test func deeplyNestedJsonIsRefused() throws {
        let sim = try TestServer()
        let body = String(repeating: "[", count: 100_000)
        let response = try sim.call("/v1/regions/cn-north-1/cronJob:list", body)
        #expect(response.status == 400)
        #expect(response.errorMessage?.contains("nesting") == true)
        #expect(try stillAnswers(sim))
    }

    @Test func keepAliveAndPipelining() throws {
        let sim = try TestServer()
        let connection = try sim.connect()
        let one = TestServer.rawRequest("POST", "/v1/regions/cn-north-1/cronJob:list", body: Array("{}".utf8), host: "x", headers: [])
        let bad = TestServer.rawRequest("POST", "/v1/regions/cn-north-1/cronJob:list", body: Array("{oops".utf8), host: "x", headers: [])
        connection.send(one + bad + one)
        let first = try connection.readResponse()
        let second = try connection.readResponse()
        let third = try connection.readResponse()
        #expect(first.status == 200)
        #expect(first.headers["Connection"] == "keep-alive")
        // An API error does not close the connection.
        #expect(second.status == 400)
        #expect(third.status == 200)
        #expect(first.headers["x-jdcloud-request-id"] != third.headers["x-jdcloud-request-id"])
    }

    @Test func requestSplitIntoSingleBytesIsAssembled() throws {
        let sim = try TestServer()
        let connection = try sim.connect()
        for byte in TestServer.rawRequest("POST", "/v1/regions/cn-north-1/cronJob:list", body: Array("{}".utf8), host: "x", headers: []) {
            connection.send([byte])
        }
        #expect(try connection.readResponse().status == 200)
    }

    @Test func connectionCloseAndHttp10() throws {
        let sim = try TestServer()
        let close = try sim.connect()
        close.send("GET /__sim/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(try close.readResponse().headers["Connection"] == "close")
        #expect(close.readsEndOfStream())
        let old = try sim.connect()
        old.send("GET /__sim/stats HTTP/1.0\r\n\r\n")
        #expect(try old.readResponse().status == 200)
        #expect(old.readsEndOfStream())
    }

    @Test func expectContinueIsHonoured() throws {
        let sim = try TestServer()
        let connection = try sim.connect()
        connection.send("POST /v1/regions/cn-north-1/cronJob:list HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        var interim = [UInt8](repeating: 0, count: 64)
        let count = interim.withUnsafeMutableBytes { recv(connection.descriptor, $0.baseAddress, $0.count, 0) }
        #expect(String(decoding: interim[0..<max(count, 0)], as: UTF8.self).hasPrefix("HTTP/1.1 100 Continue"))
        connection.send("{}")
        #expect(try connection.readResponse().status == 200)
    }

    @Test func idleConnectionsAreClosed() throws {
        let sim = try TestServer { $0.idleTimeoutSeconds = 0.3 }
        let connection = try sim.connect()
        connection.send("GET /__sim/stats HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try connection.readResponse().status == 200)
        // Nothing more is sent: the server closes the connection after the idle timeout.
        #expect(connection.readsEndOfStream())
    }

    @Test func stopClosesOpenConnections() throws {
        var options = SimulatorOptions()
        options.port = 0
        options.quiet = true
        let server = try SimulatorServer(options: options)
        let port = try server.start()
        let connection = try RawHTTPConnection(port: port)
        connection.send("GET /__sim/stats HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try connection.readResponse().status == 200)
        server.stop()
        #expect(connection.readsEndOfStream())
        #expect(throws: RawHTTPError.self) { try RawHTTPConnection(port: port) }
    }
}
