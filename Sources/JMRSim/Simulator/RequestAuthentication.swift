/// Checks a /v1 request's credentials; nil means the request may proceed.
protocol RequestAuthenticator: Sendable {
    func authenticate(_ request: HTTPRequest) -> APIError?
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
