import PlanConfig

/// What `--refresh` learned by reading the server, keyed by plan name.
public struct ServerObservation: Sendable {
    /// The server's current values, as specs, for plans state knows.
    public var serverSpecs: [String: PlanSpec]
    /// Plans in state that the server no longer has (deleted outside jmr-apply).
    public var deletedOutside: Set<String>

    public init(serverSpecs: [String: PlanSpec] = [:], deletedOutside: Set<String> = []) {
        self.serverSpecs = serverSpecs
        self.deletedOutside = deletedOutside
    }
}
