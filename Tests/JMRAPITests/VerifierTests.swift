import Foundation
import JDCloudAuth
import Testing

@Suite struct VerifierTests {
    static let credentials = JDCloudCredentials(accessKey: "AKIDTEST0042", secretKey: "s3cr3t/Key+==", sessionToken: nil)
    static let date = Date(timeIntervalSince1970: 1_796_294_400) // 2026-12-03T10:40:00Z

    struct Wire {
        var method: String
        var path: String
        var query: String
        var headers: [HTTPHeaderField]
        var body: [UInt8]
    }

    /// Signs a request and returns it as a server would receive it.
    static func send(
        _ url: String, method: String = "POST", body: String = #"{"a":1}"#,
        credentials: JDCloudCredentials = credentials, region: String = "cn-north-1"
    ) throws -> Wire {
        let request = try JDCloudRequest(
            method: method, url: url, headers: [("Content-Type", "application/json")], body: Array(body.utf8)
        )
        let signature = JDCloudSigner(credentials: credentials, region: region).sign(request, date: date)
        var headers = request.headers + signature.headers
        headers.append(("Host", request.hostHeader))
        headers.append(("User-Agent", "test"))
        return Wire(method: method, path: request.path, query: request.query, headers: headers, body: request.body)
    }

    static func verify(_ wire: Wire, secrets: [String: String] = [credentials.accessKey: credentials.secretKey]) -> JDCloudVerification {
        JDCloudVerifier { secrets[$0] }.verify(
            method: wire.method, path: wire.path, query: wire.query, headers: wire.headers, body: wire.body
        )
    }

    @Test func acceptsSessionTokenAndNonDefaultPort() throws {
        let creds = JDCloudCredentials(accessKey: "AKIDTEST0042", secretKey: "s3cr3t/Key+==", sessionToken: "tok-xyz")
        let wire = try Self.send("http://127.0.0.1:18080/v1/regions/cn-east-2/cronJob:create", credentials: creds, region: "cn-east-2")
        #expect(wire.headers.contains { $0.name == "Host" && $0.value == "127.0.0.1:18080" })
        let verified = try #require(Self.verify(wire).verified)
        #expect(verified.accessKey == "AKIDTEST0042")
        #expect(verified.region == "cn-east-2")
        #expect(verified.service == "jmr")
        #expect(verified.sessionToken == "tok-xyz")
        #expect(verified.requestDate == Self.date)
        #expect(verified.timestamp == "20261203T104000Z")
    }

    @Test func acceptsQueryAndHeaderNamesInAnyCase() throws {
        var wire = try Self.send("https://idata-jmr-api.jcloud.com/v1/regions/cn-north-1/cronJob:list?z=1&a=x y&a=b", method: "GET", body: "")
        wire.headers = wire.headers.map { ($0.name.uppercased(), $0.value) }
        wire.query = "z=1&a=x%20y&a=b"
        #expect(Self.verify(wire).verified != nil)
    }

    @Test func acceptsPercentEncodedPathOnTheWire() throws {
        var wire = try Self.send("https://idata-jmr-api.jcloud.com/v1/regions/cn-north-1/cronJob/7:pause")
        wire.path = "/v1/regions/cn-north-1/cronJob/7%3Apause"
        #expect(Self.verify(wire).verified != nil)
    }

    @Test func rejectsTamperedBody() throws {
        var wire = try Self.send("https://idata-jmr-api.jcloud.com/v1/regions/cn-north-1/cronJob:create")
        wire.body = Array(#"{"a":2}"#.utf8)
        #expect(Self.verify(wire) == .failure(.signatureMismatch))
    }

    @Test func rejectsTamperedPathQueryAndNonce() throws {
        let wire = try Self.send("https://idata-jmr-api.jcloud.com/v1/regions/cn-north-1/cronJob/7:pause?x=1")
        var path = wire
        path.path = "/v1/regions/cn-north-1/cronJob/8:pause"
        #expect(Self.verify(path) == .failure(.signatureMismatch))
        var query = wire
        query.query = "x=2"
        #expect(Self.verify(query) == .failure(.signatureMismatch))
        var nonce = wire
        nonce.headers = wire.headers.map { $0.name == "x-jdcloud-nonce" ? ($0.name, "other") : $0 }
        #expect(Self.verify(nonce) == .failure(.signatureMismatch))
    }

    @Test func rejectsWrongSecretAndUnknownKey() throws {
        let wire = try Self.send("https://idata-jmr-api.jcloud.com/v1/regions/cn-north-1/cronJob:create")
        #expect(Self.verify(wire, secrets: ["AKIDTEST0042": "another"]) == .failure(.signatureMismatch))
        #expect(Self.verify(wire, secrets: [:]) == .failure(.unknownAccessKey("AKIDTEST0042")))
    }

    @Test func rejectsMissingHeaders() throws {
        let wire = try Self.send("https://idata-jmr-api.jcloud.com/v1/regions/cn-north-1/cronJob:create")
        func without(_ name: String) -> Wire {
            var copy = wire
            copy.headers.removeAll { $0.name.lowercased() == name }
            return copy
        }
        #expect(Self.verify(without("authorization")) == .failure(.missingAuthorization))
        #expect(Self.verify(without("host")) == .failure(.missingSignedHeader("host")))
        #expect(Self.verify(without("x-jdcloud-nonce")) == .failure(.missingSignedHeader("x-jdcloud-nonce")))
        #expect(Self.verify(without("x-jdcloud-date")) == .failure(.missingHeader("x-jdcloud-date")))
    }

    @Test func rejectsMalformedAuthorization() throws {
        let wire = try Self.send("https://idata-jmr-api.jcloud.com/v1/regions/cn-north-1/cronJob:create")
        func with(authorization: String) -> JDCloudVerification {
            var copy = wire
            copy.headers = wire.headers.map { $0.name == "Authorization" ? ($0.name, authorization) : $0 }
            return Self.verify(copy)
        }
        let good = try #require(wire.headers.first { $0.name == "Authorization" }?.value)
        let cases = [
            "garbage",
            "AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request, SignedHeaders=host, Signature=00",
            good.replacingOccurrences(of: "Signature=", with: "Sig="),
            good.replacingOccurrences(of: "AKIDTEST0042/", with: ""),
            String(good.dropLast(2)),
        ]
        for value in cases {
            guard case .failure(.malformedAuthorization) = with(authorization: value) else {
                Issue.record("accepted or misclassified: \(value)")
                continue
            }
        }
        let unsignedHost = good.replacingOccurrences(of: "content-type;host;", with: "content-type;")
        #expect(with(authorization: unsignedHost) == .failure(.unsignedRequiredHeader("host")))
        let otherService = good.replacingOccurrences(of: "/jmr/", with: "/vm/")
        #expect(with(authorization: otherService) == .failure(.scopeMismatch("service vm is not jmr")))
        var twice = wire
        twice.headers.append(("authorization", good))
        #expect(Self.verify(twice) == .failure(.malformedAuthorization("more than one Authorization header")))
    }

    @Test func rejectsMalformedOrMismatchedDate() throws {
        let wire = try Self.send("https://idata-jmr-api.jcloud.com/v1/regions/cn-north-1/cronJob:create")
        func with(date: String) -> JDCloudVerification {
            var copy = wire
            copy.headers = wire.headers.map { $0.name == "x-jdcloud-date" ? ($0.name, date) : $0 }
            return Self.verify(copy)
        }
        #expect(with(date: "2026-12-03T10:40:00Z") == .failure(.malformedDate("2026-12-03T10:40:00Z")))
        guard case .failure(.scopeMismatch) = with(date: "20261204T104000Z") else {
            Issue.record("credential day not checked")
            return
        }
        #expect(with(date: "20261203T104001Z") == .failure(.signatureMismatch))
    }

    @Test func dateFormatRoundTrip() {
        #expect(JDCloudDate.format(Date(timeIntervalSince1970: 0)) == "19700101T000000Z")
        #expect(JDCloudDate.format(Date(timeIntervalSince1970: 951_782_400)) == "20000229T000000Z")
        #expect(JDCloudDate.format(Date(timeIntervalSince1970: 1_796_294_400.9)) == "20261203T104000Z")
        #expect(JDCloudDate.parse("20261203T104000Z") == Date(timeIntervalSince1970: 1_796_294_400))
        #expect(JDCloudDate.parse("20250229T000000Z") == nil)
        #expect(JDCloudDate.parse("20261203T244000Z") == nil)
        #expect(JDCloudDate.parse("20261203 104000Z") == nil)
        for seconds in stride(from: -86_400 * 800, through: 86_400 * 40_000, by: 86_400 * 37 + 3_671) {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(JDCloudDate.parse(JDCloudDate.format(date)) == date)
        }
    }

    @Test func credentialsAndSignaturesNeverPrintSecrets() throws {
        let creds = JDCloudCredentials(accessKey: "AKIDTEST0042", secretKey: "s3cr3t/Key+==", sessionToken: "tok-xyz")
        let request = try JDCloudRequest(method: "POST", url: "https://h/v1/x")
        let signature = JDCloudSigner(credentials: creds, region: "r").sign(request, date: Self.date)
        var dumped = ""
        dump(creds, to: &dumped)
        dump(signature, to: &dumped)
        let texts = [
            String(describing: creds), String(reflecting: creds), "\(creds)", dumped,
            String(describing: signature), String(reflecting: signature),
        ]
        for text in texts {
            #expect(!text.contains("s3cr3t"))
            #expect(!text.contains("tok-xyz"))
            #expect(!text.contains("AKIDTEST0042"))
            #expect(!text.contains(signature.signature))
        }
        #expect(String(describing: creds).contains("AKID****"))
    }

    @Test func rawURLParsing() throws {
        let request = try JDCloudRequest(method: "GET", url: "http://[::1]:8080/a/b?x=1 2#frag")
        #expect(request.host == "[::1]")
        #expect(request.port == 8080)
        #expect(request.path == "/a/b")
        #expect(request.query == "x=1 2")
        #expect(try JDCloudRequest(method: "GET", url: "https://example.com").path == "/")
        #expect(try JDCloudRequest(method: "GET", url: "https://example.com:443/").hostHeader == "example.com")
        #expect(throws: JDCloudRequestError.self) { try JDCloudRequest(method: "GET", url: "example.com/x") }
        #expect(throws: JDCloudRequestError.self) { try JDCloudRequest(method: "GET", url: "http://h:99999/") }
    }
}
