import Crypto
import Foundation

/// Signs requests with JDCLOUD3-HMAC-SHA256, as the official JD Cloud SDKs do.
///
/// Signed headers: `content-type` (when present), `host`, `x-jdcloud-date`,
/// `x-jdcloud-nonce` and, with a session token, `x-jdcloud-security-token`.
public struct JDCloudSigner: Sendable {
    /// The algorithm name that starts the `Authorization` header.
    public static let algorithm = "JDCLOUD3-HMAC-SHA256"
    /// The last element of the credential scope.
    public static let scopeTerminator = "jdcloud3_request"

    /// The credentials requests are signed with.
    public var credentials: JDCloudCredentials
    /// The region, e.g. `cn-north-1`.
    public var region: String
    /// The service name, `jmr` for JD MapReduce.
    public var service: String

    /// Creates a signer for one region and service.
    public init(credentials: JDCloudCredentials, region: String, service: String = "jmr") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Signs `request` at `date` with `nonce` (a random UUID by default).
    public func sign(_ request: JDCloudRequest, date: Date, nonce: String = SecureBytes.uuidString()) -> JDCloudSignature {
        sign(request, timestamp: JDCloudDate.format(date), nonce: nonce)
    }

    /// Signs `request` with an explicit `yyyyMMdd'T'HHmmss'Z'` timestamp.
    public func sign(_ request: JDCloudRequest, timestamp: String, nonce: String) -> JDCloudSignature {
        var signed: [HTTPHeaderField] = []
        if let contentType = request.headers.last(where: { $0.name.lowercased() == "content-type" }) {
            signed.append(("content-type", Canonicalization.canonicalValue(contentType.value)))
        }
        signed.append(("host", request.hostHeader))
        signed.append(("x-jdcloud-date", timestamp))
        signed.append(("x-jdcloud-nonce", nonce))
        let token = credentials.sessionToken
            ?? request.headers.last(where: { $0.name.lowercased() == "x-jdcloud-security-token" })?.value
        if let token {
            signed.append(("x-jdcloud-security-token", Canonicalization.canonicalValue(token)))
        }
        signed.sort { $0.name < $1.name }
        let signedHeaders = signed.map(\.name).joined(separator: ";")
        let payloadHash = SHA256.hexHash(request.body)
        let canonicalRequest = Canonicalization.canonicalRequest(
            method: request.method, path: request.path, query: request.query,
            headers: signed, signedHeaders: signedHeaders, payloadHash: payloadHash
        )
        let day = JDCloudDate.dayStamp(of: timestamp)
        let scope = Self.scope(day: day, region: region, service: service)
        let stringToSign = Canonicalization.stringToSign(timestamp: timestamp, scope: scope, canonicalRequest: canonicalRequest)
        let signature = Self.signature(
            secretKey: credentials.secretKey, day: day, region: region, service: service, stringToSign: stringToSign
        )
        let authorization = "\(Self.algorithm) Credential=\(credentials.accessKey)/\(scope), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        var headers: [HTTPHeaderField] = [
            ("Authorization", authorization),
            ("x-jdcloud-date", timestamp),
            ("x-jdcloud-nonce", nonce),
            ("x-jdcloud-content-sha256", payloadHash),
        ]
        if let token { headers.append(("x-jdcloud-security-token", token)) }
        return JDCloudSignature(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, authorization: authorization,
            signature: signature, signedHeaders: signedHeaders, contentSHA256: payloadHash,
            timestamp: timestamp, nonce: nonce, headers: headers
        )
    }

    /// `yyyyMMdd/region/service/jdcloud3_request`
    static func scope(day: String, region: String, service: String) -> String {
        "\(day)/\(region)/\(service)/\(scopeTerminator)"
    }

    /// The hex HMAC of `stringToSign` under the key derived from
    /// `"JDCLOUD3" + secret` → day → region → service → `jdcloud3_request`.
    static func signature(secretKey: String, day: String, region: String, service: String, stringToSign: String) -> String {
        var key = Array(("JDCLOUD3" + secretKey).utf8)
        for part in [day, region, service, scopeTerminator] {
            key = HMACSHA256.authenticationCode(for: part, key: key)
        }
        return HMACSHA256.authenticationCode(for: stringToSign, key: key).hexString
    }
}
