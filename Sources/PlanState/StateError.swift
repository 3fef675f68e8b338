/// Why state could not be read, locked or written. Nothing is overwritten on error.
public enum StateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stored document is not valid state JSON.
    case corrupt(store: String, detail: String, backup: String?)
    /// Written by a newer (or unknown) jmr-apply.
    case unknownFormatVersion(store: String, found: Int)
    /// The state belongs to another region than the configuration.
    case regionMismatch(store: String, state: String, configuration: String)
    /// The lock stayed held for the whole timeout.
    case lockTimeout(store: String, waited: Duration, holder: LockHolder?)
    /// Someone else wrote since this run loaded (compare-and-swap lost).
    case conflict(store: String, expectedSerial: Int, foundSerial: Int?)
    /// Reading or writing failed.
    case io(store: String, detail: String)
    /// The operation would lose or mix up state, so it was not done.
    case refused(store: String, detail: String)

    public var description: String {
        switch self {
        case .corrupt(let store, let detail, let backup):
            var text = "state \(store) is not valid state JSON (\(detail)); it was left untouched"
            if let backup { text += ". The previous version is in \(backup): inspect it and copy it over the state if it is right" }
            return text
        case .unknownFormatVersion(let store, let found):
            return "state \(store) has formatVersion \(found); this jmr-apply reads version \(State.currentFormatVersion). Upgrade jmr-apply"
        case .regionMismatch(let store, let state, let configuration):
            return "state \(store) is for region '\(state)' but the configuration declares region '\(configuration)'; use a separate state per region (--state)"
        case .lockTimeout(let store, let waited, let holder):
            let who = holder.map { "held by \($0)" } ?? "held by an unknown process"
            return "timed out after \(Self.seconds(waited)) waiting for the lock on state \(store): \(who)"
        case .conflict(let store, let expected, let found):
            let now = found.map { "serial \($0)" } ?? "no state"
            return "state \(store) was changed by another run (expected serial \(expected), found \(now)); nothing was overwritten. Run again to plan against the new state"
        case .io(let store, let detail):
            return "state \(store): \(detail)"
        case .refused(let store, let detail):
            return "state \(store): \(detail); nothing was changed"
        }
    }
}

extension StateError {
    /// A duration as `60s` or `2.5s`, for messages.
    public static func seconds(_ duration: Duration) -> String {
        let (s, attoseconds) = duration.components
        let tenths = attoseconds / 100_000_000_000_000_000
        return tenths == 0 ? "\(s)s" : "\(s).\(tenths)s"
    }
}

extension State {
    /// Refuses a state recorded for another region than the configuration's.
    public func checkRegion(_ region: String, store: String) throws(StateError) {
        if let recorded = self.region, recorded != region {
            throw .regionMismatch(store: store, state: recorded, configuration: region)
        }
    }
}
