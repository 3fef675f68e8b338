import Testing
@testable import JMRSim

@Suite("HTTP request parser")
struct HTTPRequestParserTests {
    func requests(from text: String, limits: HTTPLimits = HTTPLimits()) throws -> [HTTPRequest] {
        var parser = HTTPRequestParser(limits: limits)
        parser.append(Array(text.utf8))
        var found: [HTTPRequest] = []
        while case .request(let request) = try parser.next() { found.append(request) }
        return found
    }

    @Test func parsesHeadersBodyAndPipelinedRequests() throws {
        let text = "POST /v1/x%3Ay?q=1 HTTP/1.1\r\nHost: h\r\nX-A:  padded \t\r\nx-a: second\r\nContent-Length: 3\r\n\r\nabc"
            + "GET /b HTTP/1.0\r\n\r\n"
        let found = try requests(from: text)
        #expect(found.count == 2)
        #expect(found[0].method == "POST")
        #expect(found[0].target == "/v1/x%3Ay?q=1")
        #expect(found[0].rawPath == "/v1/x%3Ay")
        #expect(found[0].headers.values(for: "X-A") == ["padded", "second"])
        #expect(found[0].body == Array("abc".utf8))
        #expect(found[0].wantsKeepAlive)
        #expect(found[1].minorVersion == 0)
        #expect(!found[1].wantsKeepAlive)
    }

    @Test func acceptsBareLineFeedsAndLeadingBlankLines() throws {
        let found = try requests(from: "\r\n\nGET / HTTP/1.1\nHost: h\n\n")
        #expect(found.map(\.target) == ["/"])
    }

    @Test func waitsForTheWholeRequestWhenFedByteByByte() throws {
        let bytes = Array("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}".utf8)
        var parser = HTTPRequestParser(limits: HTTPLimits())
        for (index, byte) in bytes.enumerated() {
            parser.append([byte])
            let step = try parser.next()
            if index < bytes.count - 1 {
                guard case .needMore = step else {
                    Issue.record("request completed early at byte \(index)")
                    return
                }
            } else {
                guard case .request(let request) = step else {
                    Issue.record("request not complete at the last byte")
                    return
                }
                #expect(request.body == Array("{}".utf8))
            }
        }
        #expect(parser.isIdle)
    }

    @Test func limits() {
        let limits = HTTPLimits(maxHeaderBytes: 64, maxBodyBytes: 4, maxHeaderCount: 2)
        #expect(throws: HTTPParseError(status: 431, message: "request header section exceeds 64 bytes")) {
            try requests(from: "GET / HTTP/1.1\r\nHost: h\r\nX: " + String(repeating: "a", count: 80) + "\r\n\r\n", limits: limits)
        }
        #expect(throws: HTTPParseError(status: 431, message: "more than 2 header fields")) {
            try requests(from: "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n", limits: limits)
        }
        #expect(throws: HTTPParseError(status: 413, message: "request body of 5 bytes exceeds 4 bytes")) {
            try requests(from: "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n", limits: limits)
        }
        #expect(throws: HTTPParseError.self) {
            try requests(from: "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n")
        }
    }

    @Test func announcesExpectContinueOnce() throws {
        var parser = HTTPRequestParser(limits: HTTPLimits())
        parser.append(Array("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        guard case .expectsContinue = try parser.next() else {
            Issue.record("expected 100-continue")
            return
        }
        guard case .needMore = try parser.next() else {
            Issue.record("expected needMore")
            return
        }
        parser.append(Array("{}".utf8))
        guard case .request = try parser.next() else {
            Issue.record("expected the request")
            return
        }
    }

    @Test func routes() {
        #expect(APIRoute.match(rawPath: "/v1/regions/cn-north-1/cronJob:create") == .route(APIRoute(region: "cn-north-1", action: .create)))
        #expect(APIRoute.match(rawPath: "/v1/regions/r/cronJob%3Alist") == .route(APIRoute(region: "r", action: .list)))
        #expect(APIRoute.match(rawPath: "/v1/regions/r/cronJob/12:resume") == .route(APIRoute(region: "r", action: .resume, planId: 12)))
        #expect(APIRoute.match(rawPath: "/v1/regions/r/planName:valid") == .route(APIRoute(region: "r", action: .validatePlanName)))
        #expect(APIRoute.match(rawPath: "/v1/regions/r/cronJob/-1:pause") == .invalidPlanId("-1"))
        #expect(APIRoute.match(rawPath: "/v1/regions/r/cronJob:create/") == .notFound)
        #expect(APIRoute.match(rawPath: "/v1/regions//cronJob:create") == .notFound)
        #expect(APIRoute.match(rawPath: "/v1/regions/r/cronJob%ZZ") == .notFound)
    }

    @Test func timeWindowParsing() {
        #expect(RequestTimeWindow.parse("20261203T101500Z") == 1_796_292_900)
        #expect(RequestTimeWindow.parse("20260231T101500Z") == nil)
        #expect(RequestTimeWindow.parse("2026-12-03T10:15:00Z") == nil)
        #expect(HTTPDate.string(secondsSince1970: 1_796_292_900) == "Thu, 03 Dec 2026 10:15:00 GMT")
    }
}
