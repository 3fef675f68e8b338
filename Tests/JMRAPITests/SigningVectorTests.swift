import Crypto
import Foundation
import JDCloudAuth
import Testing

/// One entry of Fixtures/jdcloud3-signing.json.
struct SigningVector: Decodable, Sendable, CustomTestStringConvertible {
    struct Expected: Decodable, Sendable {
        let canonicalRequest: String
        let stringToSign: String
        let authorization: String
        let contentSha256: String
    }

    let name: String
    let accessKey: String
    let secretKey: String
    let region: String
    let service: String
    let method: String
    let url: String
    let headers: [String: String]
    let body: String
    let securityToken: String?
    let expected: Expected

    var testDescription: String { name }

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name }?.value
    }

    static func all() throws -> [SigningVector] {
        struct File: Decodable { let vectors: [SigningVector] }
        let url = try #require(Bundle.module.url(forResource: "Fixtures/jdcloud3-signing", withExtension: "json"))
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).vectors
    }
}

@Suite struct SigningVectorTests {
    static let vectors = (try? SigningVector.all()) ?? []

    @Test func fixtureLoads() {
        #expect(Self.vectors.count == 5)
    }

    @Test(arguments: vectors)
    func signerReproducesVector(_ vector: SigningVector) throws {
        let request = try JDCloudRequest(
            method: vector.method, url: vector.url,
            headers: vector.headers.map { ($0.key, $0.value) }, body: Array(vector.body.utf8)
        )
        let signer = JDCloudSigner(
            credentials: JDCloudCredentials(accessKey: vector.accessKey, secretKey: vector.secretKey, sessionToken: vector.securityToken),
            region: vector.region, service: vector.service
        )
        let timestamp = try #require(vector.header("x-jdcloud-date"))
        let nonce = try #require(vector.header("x-jdcloud-nonce"))
        let signature = signer.sign(request, date: try #require(JDCloudDate.parse(timestamp)), nonce: nonce)

        #expect(signature.canonicalRequest == vector.expected.canonicalRequest)
        #expect(signature.stringToSign == vector.expected.stringToSign)
        #expect(signature.authorization == vector.expected.authorization)
        #expect(signature.contentSHA256 == vector.expected.contentSha256)
        #expect(signature.timestamp == timestamp)

        let sent = Dictionary(signature.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        #expect(sent["authorization"] == vector.expected.authorization)
        #expect(sent["x-jdcloud-date"] == timestamp)
        #expect(sent["x-jdcloud-nonce"] == nonce)
        #expect(sent["x-jdcloud-content-sha256"] == vector.expected.contentSha256)
        #expect(sent["x-jdcloud-security-token"] == vector.securityToken)
    }

    @Test(arguments: vectors)
    func verifierAcceptsVectorAsSentOnTheWire(_ vector: SigningVector) throws {
        let request = try JDCloudRequest(method: vector.method, url: vector.url)
        // On the wire a raw space in the query arrives percent-encoded.
        let wireQuery = request.query.replacingOccurrences(of: " ", with: "%20")
        var headers: [HTTPHeaderField] = vector.headers.map { ($0.key, $0.value) }
        headers.append(("Host", request.hostHeader))
        headers.append(("Authorization", vector.expected.authorization))
        let verifier = JDCloudVerifier { $0 == vector.accessKey ? vector.secretKey : nil }
        let result = verifier.verify(
            method: vector.method, path: request.path, query: wireQuery, headers: headers, body: Array(vector.body.utf8)
        )
        let verified = try #require(result.verified, "\(String(describing: result.failure))")
        #expect(verified.accessKey == vector.accessKey)
        #expect(verified.region == vector.region)
        #expect(verified.timestamp == vector.header("x-jdcloud-date"))
        #expect(verified.sessionToken == vector.securityToken)
    }
}
