import JDCloudAuth

/// Checks a /v1 request's credentials; nil means the request may proceed.
protocol RequestAuthenticator: Sendable {
    func authenticate(_ request: HTTPRequest, region: String) -> APIError?
}

/// The request-time window: `x-jdcloud-date` must be within `allowedSkewSeconds` of the
/// server clock, else 401 REQUEST_EXPIRED (the client uses the `Date` header to correct its clock).
enum RequestTimeWindow {
    static let allowedSkewSeconds = 300.0

    /// Parses `yyyyMMdd'T'HHmmss'Z'` (UTC) into seconds since 1970.
    static func parse(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            let slice = bytes[range]
            guard slice.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return Int(String(decoding: slice, as: UTF8.self))
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15)
        else { return nil }
        return UTCComponents.secondsSince1970(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// nil when the request has no `x-jdcloud-date` or it is inside the window.
    static func check(_ request: HTTPRequest, now: Double) -> APIError? {
        guard let header = request.headers["x-jdcloud-date"] else { return nil }
        guard let sent = parse(header) else {
            return .unauthenticated("x-jdcloud-date '\(header)' is not of the form yyyyMMddTHHmmssZ")
        }
        let skew = sent - now
        guard abs(skew) > allowedSkewSeconds else { return nil }
        return .requestExpired(
            "request time \(header) is \(Int(abs(skew).rounded())) s \(skew < 0 ? "behind" : "ahead of") the server clock "
                + "(allowed: \(Int(allowedSkewSeconds)) s); see the Date response header"
        )
    }
}

/// Verifies JDCLOUD3-HMAC-SHA256 signatures with JDCloudAuth's verifier, for one key pair.
/// The credential scope's region must be the request's region.
struct SignatureAuthenticator: RequestAuthenticator {
    private let verifier: JDCloudVerifier

    init(accessKey: String, secretKey: String) {
        verifier = JDCloudVerifier(service: "jmr") { candidate in candidate == accessKey ? secretKey : nil }
    }

    func authenticate(_ request: HTTPRequest, region: String) -> APIError? {
        let parts = request.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let query = parts.count > 1 ? String(parts[1]) : ""
        let verification = verifier.verify(
            method: request.method, path: String(parts[0]), query: query,
            headers: request.headers.fields, body: request.body
        )
        switch verification {
        case .failure(let reason):
            return .unauthenticated("signature verification failed: \(reason)")
        case .ok(let verified):
            guard verified.region == region else {
                return .unauthenticated("credential scope region '\(verified.region)' does not match the request region '\(region)'")
            }
            return nil
        }
    }
}
