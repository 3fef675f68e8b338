/// Counters the simulator keeps, served at `GET /__sim/stats`.
public struct SimulatorStatistics: Sendable, Equatable {
    /// Routed /v1 calls by name ("cronJob:create", ...), counted on arrival whatever their outcome.
    public var calls: [String: Int] = [:]
    /// Routed calls to create, modify, delete, pause or resume, counted on arrival.
    public var mutating = 0
    /// State changes actually committed.
    public var changes = 0
    /// Injected faults by kind (`FaultOutcome` raw values other than "none").
    public var faults: [String: Int] = [:]
    /// Every HTTP request answered or dropped, /__sim included.
    public var requests = 0

    public init() {}

    var json: JSONValue {
        [
            "calls": .object(calls.mapValues { .integer($0) }),
            "mutating": .integer(mutating),
            "changes": .integer(changes),
            "faults": .object(faults.mapValues { .integer($0) }),
            "requests": .integer(requests),
        ]
    }
}
