import Crypto
import Foundation

/// Verifies JDCLOUD3-HMAC-SHA256 signatures on incoming requests (for servers such as jmr-sim).
///
/// The verifier recomputes the signature over the headers the request itself lists in
/// `SignedHeaders` and compares in constant time. It does not judge the request time:
/// it returns the parsed `x-jdcloud-date` so the caller can apply its own window.
public struct JDCloudVerifier: Sendable {
    /// The expected service name (`jmr`), or `nil` to accept any.
    public var service: String?
    private let secretKey: @Sendable (String) -> String?

    /// Creates a verifier that looks secret keys up by access key.
    public init(service: String? = "jmr", secretKey: @escaping @Sendable (_ accessKey: String) -> String?) {
        self.service = service
        self.secretKey = secretKey
    }

    /// Verifies a request given its method, raw path and raw query (without `?`), its
    /// headers as received (names in any case, possibly repeated), and its body.
    public func verify(
        method: String, path: String, query: String, headers: [HTTPHeaderField], body: [UInt8]
    ) -> JDCloudVerification {
        do {
            return .ok(try check(method: method, path: path, query: query, headers: headers, body: body))
        } catch {
            return .failure(error)
        }
    }

    private func check(
        method: String, path: String, query: String, headers: [HTTPHeaderField], body: [UInt8]
    ) throws(JDCloudVerificationFailure) -> JDCloudVerifiedRequest {
        let authorizations = values(of: "authorization", in: headers)
        guard let authorization = authorizations.first else { throw .missingAuthorization }
        guard authorizations.count == 1 else { throw .malformedAuthorization("more than one Authorization header") }
        let parsed = try ParsedAuthorization(authorization)

        guard let timestamp = combinedValue(of: "x-jdcloud-date", in: headers) else {
            throw .missingHeader("x-jdcloud-date")
        }
        guard let requestDate = JDCloudDate.parse(timestamp) else { throw .malformedDate(timestamp) }
        guard parsed.day == JDCloudDate.dayStamp(of: timestamp) else {
            throw .scopeMismatch("credential day \(parsed.day) differs from x-jdcloud-date \(timestamp)")
        }
        if let service, parsed.service != service {
            throw .scopeMismatch("service \(parsed.service) is not \(service)")
        }
        for required in ["host", "x-jdcloud-date"] where !parsed.signedHeaders.contains(required) {
            throw .unsignedRequiredHeader(required)
        }
        var canonicalHeaders: [HTTPHeaderField] = []
        for name in parsed.signedHeaders {
            guard let value = combinedValue(of: name, in: headers) else { throw .missingSignedHeader(name) }
            canonicalHeaders.append((name, value))
        }
        guard let secret = secretKey(parsed.accessKey) else { throw .unknownAccessKey(parsed.accessKey) }

        let canonicalRequest = Canonicalization.canonicalRequest(
            method: method, path: path, query: query, headers: canonicalHeaders,
            signedHeaders: parsed.signedHeaders.joined(separator: ";"), payloadHash: SHA256.hexHash(body)
        )
        let scope = JDCloudSigner.scope(day: parsed.day, region: parsed.region, service: parsed.service)
        let stringToSign = Canonicalization.stringToSign(timestamp: timestamp, scope: scope, canonicalRequest: canonicalRequest)
        let expected = JDCloudSigner.signature(
            secretKey: secret, day: parsed.day, region: parsed.region, service: parsed.service, stringToSign: stringToSign
        )
        guard SecureBytes.constantTimeEquals(Array(expected.utf8), Array(parsed.signature.lowercased().utf8)) else {
            throw .signatureMismatch
        }
        let token = parsed.signedHeaders.contains("x-jdcloud-security-token")
            ? combinedValue(of: "x-jdcloud-security-token", in: headers) : nil
        return JDCloudVerifiedRequest(
            accessKey: parsed.accessKey, region: parsed.region, service: parsed.service,
            requestDate: requestDate, timestamp: timestamp, sessionToken: token
        )
    }

    private func values(of name: String, in headers: [HTTPHeaderField]) -> [String] {
        headers.filter { $0.name.lowercased() == name }.map(\.value)
    }

    /// Repeated headers are joined with `,` after trimming each value.
    private func combinedValue(of name: String, in headers: [HTTPHeaderField]) -> String? {
        let found = values(of: name, in: headers)
        guard !found.isEmpty else { return nil }
        return found.map(Canonicalization.canonicalValue).joined(separator: ",")
    }
}

/// `JDCLOUD3-HMAC-SHA256 Credential=AK/day/region/service/jdcloud3_request, SignedHeaders=a;b, Signature=hex`
struct ParsedAuthorization {
    let accessKey: String
    let day: String
    let region: String
    let service: String
    let signedHeaders: [String]
    let signature: String

    init(_ header: String) throws(JDCloudVerificationFailure) {
        let trimmed = Canonicalization.canonicalValue(header)
        guard let space = trimmed.firstIndex(of: " ") else {
            throw .malformedAuthorization("expected '\(JDCloudSigner.algorithm) Credential=…'")
        }
        let algorithm = trimmed[..<space]
        guard algorithm == JDCloudSigner.algorithm else {
            throw .malformedAuthorization("unsupported algorithm '\(algorithm.prefix(40))'")
        }
        var fields: [String: String] = [:]
        for part in trimmed[space...].split(separator: ",") {
            let item = Canonicalization.canonicalValue(String(part))
            guard let equals = item.firstIndex(of: "=") else {
                throw .malformedAuthorization("expected key=value, got '\(item.prefix(40))'")
            }
            let key = String(item[..<equals])
            guard fields[key] == nil else { throw .malformedAuthorization("repeated \(key)") }
            fields[key] = String(item[item.index(after: equals)...])
        }
        guard let credential = fields["Credential"], let signedHeaders = fields["SignedHeaders"],
              let signature = fields["Signature"]
        else { throw .malformedAuthorization("needs Credential, SignedHeaders and Signature") }

        let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count >= 5, scope.dropLast(4).allSatisfy({ !$0.isEmpty }),
              scope.suffix(4).allSatisfy({ !$0.isEmpty })
        else { throw .malformedAuthorization("Credential must be AK/yyyyMMdd/region/service/\(JDCloudSigner.scopeTerminator)") }
        guard scope[scope.count - 1] == JDCloudSigner.scopeTerminator else {
            throw .scopeMismatch("credential scope must end with \(JDCloudSigner.scopeTerminator)")
        }
        accessKey = scope.dropLast(4).joined(separator: "/")
        day = scope[scope.count - 4]
        region = scope[scope.count - 3]
        service = scope[scope.count - 2]

        let names = signedHeaders.split(separator: ";", omittingEmptySubsequences: false).map { $0.lowercased() }
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else {
            throw .malformedAuthorization("SignedHeaders must be ';'-separated header names")
        }
        self.signedHeaders = names
        guard signature.count == 64, Hex.decode(signature) != nil else {
            throw .malformedAuthorization("Signature must be 64 hex digits")
        }
        self.signature = signature
    }
}
