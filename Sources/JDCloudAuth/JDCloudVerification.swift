import Foundation

/// A request whose JDCLOUD3-HMAC-SHA256 signature checked out.
public struct JDCloudVerifiedRequest: Sendable, Equatable {
    /// The access key from the credential scope.
    public let accessKey: String
    /// The region from the credential scope.
    public let region: String
    /// The service from the credential scope.
    public let service: String
    /// The parsed `x-jdcloud-date`, for a request-time window check.
    public let requestDate: Date
    /// The raw `x-jdcloud-date` value.
    public let timestamp: String
    /// The `x-jdcloud-security-token`, when one was signed.
    public let sessionToken: String?
}

/// Why a request's signature was rejected.
public enum JDCloudVerificationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `Authorization` header.
    case missingAuthorization
    /// The `Authorization` header is not `JDCLOUD3-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
    case malformedAuthorization(String)
    /// A required header (e.g. `x-jdcloud-date`) is absent.
    case missingHeader(String)
    /// `x-jdcloud-date` is not `yyyyMMdd'T'HHmmss'Z'`.
    case malformedDate(String)
    /// The credential scope's day, service or terminator does not fit the request.
    case scopeMismatch(String)
    /// A header that must be signed (`host`, `x-jdcloud-date`) is not in SignedHeaders.
    case unsignedRequiredHeader(String)
    /// A header named in SignedHeaders is absent from the request.
    case missingSignedHeader(String)
    /// The access key is not known.
    case unknownAccessKey(String)
    /// The recomputed signature differs.
    case signatureMismatch

    public var description: String {
        switch self {
        case .missingAuthorization: "missing Authorization header"
        case .malformedAuthorization(let reason): "malformed Authorization header: \(reason)"
        case .missingHeader(let name): "missing header \(name)"
        case .malformedDate(let value): "malformed x-jdcloud-date '\(value)' (expected yyyyMMddTHHmmssZ)"
        case .scopeMismatch(let reason): "credential scope mismatch: \(reason)"
        case .unsignedRequiredHeader(let name): "header \(name) must be signed"
        case .missingSignedHeader(let name): "signed header \(name) is missing from the request"
        case .unknownAccessKey(let key): "unknown access key \(JDCloudCredentials.mask(key))"
        case .signatureMismatch: "signature does not match"
        }
    }
}

/// The outcome of verifying a request.
public enum JDCloudVerification: Sendable, Equatable {
    /// The signature is valid.
    case ok(JDCloudVerifiedRequest)
    /// The request was rejected.
    case failure(JDCloudVerificationFailure)

    /// The verified request, if any.
    public var verified: JDCloudVerifiedRequest? {
        if case .ok(let request) = self { return request }
        return nil
    }

    /// The failure, if any.
    public var failure: JDCloudVerificationFailure? {
        if case .failure(let reason) = self { return reason }
        return nil
    }
}
