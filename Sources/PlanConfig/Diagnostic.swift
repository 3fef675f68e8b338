/// One problem found in the input, reported as `FILE:LINE:COL: error: message`.
///
/// Every stage reports through this one type; the CLI prints it with one printer.
public struct Diagnostic: Error, Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning, note

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs.rank < rhs.rank
        }

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }
    }

    public var severity: Severity
    public var message: String
    /// Where the problem is; nil for problems with no position (e.g. an unreadable path).
    public var location: SourceLocation?

    public init(_ severity: Severity = .error, _ message: String, at location: SourceLocation? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
    }

    /// `FILE:LINE:COL: error: message`, or `error: message` without a location.
    public var description: String {
        if let location { return "\(location): \(severity.rawValue): \(message)" }
        return "\(severity.rawValue): \(message)"
    }

    /// Sorted by file, line and column; unpositioned problems first.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        switch (lhs.location, rhs.location) {
        case (nil, nil): return (lhs.severity, lhs.message) < (rhs.severity, rhs.message)
        case (nil, _): return true
        case (_, nil): return false
        case (let l?, let r?): return l != r ? l < r : (lhs.severity, lhs.message) < (rhs.severity, rhs.message)
        }
    }
}
