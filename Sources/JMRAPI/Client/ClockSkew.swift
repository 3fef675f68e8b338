import Foundation
import Synchronization
import JDCloudAuth

/// The working assumption about how the server reports a request time it rejects.
/// The public reference is silent on it; this is the one place to change it.
public enum ClockSkewRule {
    /// A server `Date` further than this from local time counts as skew.
    public static let tolerance: TimeInterval = 300

    /// JD error statuses that mean the request time was rejected.
    public static let expiredStatuses: Set<String> = ["REQUEST_EXPIRED", "SIGNATURE_EXPIRED"]

    /// Whether a failed response says the request time was rejected: an error status
    /// in `expiredStatuses`, or HTTP 400/401/403 whose message mentions the request time.
    public static func rejectsRequestTime(httpStatus: Int, error: JMRErrorBody?) -> Bool {
        if let status = error?.status?.uppercased(), expiredStatuses.contains(status) { return true }
        guard [400, 401, 403].contains(httpStatus), let message = error?.message?.lowercased() else { return false }
        return ["request time", "x-jdcloud-date", "request has expired", "time skew", "clock skew"]
            .contains { message.contains($0) }
    }

    /// The offset (server minus local) to apply when a 4xx response indicates skew,
    /// or `nil`: requires a parseable `Date` header, and either an explicit time
    /// rejection or a `Date` more than `tolerance` away from `localDate`.
    public static func correction(
        httpStatus: Int, error: JMRErrorBody?, serverDate: Date?, localDate: Date
    ) -> TimeInterval? {
        guard (400..<500).contains(httpStatus), let serverDate else { return nil }
        let offset = serverDate.timeIntervalSince(localDate)
        guard rejectsRequestTime(httpStatus: httpStatus, error: error) || abs(offset) > tolerance else { return nil }
        return offset
    }
}

/// The learned difference between the server's clock and ours, shared by all calls.
final class ClockOffset: Sendable {
    private let value = Mutex<TimeInterval>(0)

    var current: TimeInterval { value.withLock { $0 } }

    func set(_ offset: TimeInterval) { value.withLock { $0 = offset } }
}

/// Parses an HTTP `Date` header (IMF-fixdate, e.g. `Thu, 03 Dec 2026 10:40:00 GMT`).
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func parse(_ text: String) -> Date? {
        // "Thu, 03 Dec 2026 10:40:00 GMT" -> ["03", "Dec", "2026", "10:40:00", "GMT"]
        let parts = text.split(separator: ",", maxSplits: 1).last?.split(separator: " ") ?? []
        guard parts.count == 5, parts[4] == "GMT" || parts[4] == "UTC",
              let day = Int(parts[0]), let monthIndex = months.firstIndex(of: parts[1].lowercased()),
              let year = Int(parts[2])
        else { return nil }
        let time = parts[3].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3 else { return nil }
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let stamp = pad(year, 4) + pad(monthIndex + 1, 2) + pad(day, 2) + "T"
            + pad(time[0], 2) + pad(time[1], 2) + pad(time[2], 2) + "Z"
        return JDCloudDate.parse(stamp)
    }
}
