import PlanConfig

/// What `--refresh` learned by reading the server, keyed by plan name.
public struct ServerObservation: Sendable {
    /// The server's current values, as specs, for plans state knows.
    public var serverSpecs: [String: PlanSpec]
    /// Plans in state that the server no longer has (deleted outside jmr-apply).
    public var deletedOutside: Set<String>
    /// The server's planId for each plan found. It differs from state's when the plan was
    /// found by name: deleted and made again outside jmr-apply.
    public var planIds: [String: Int64]

    public init(serverSpecs: [String: PlanSpec] = [:], deletedOutside: Set<String> = [], planIds: [String: Int64] = [:]) {
        self.serverSpecs = serverSpecs
        self.deletedOutside = deletedOutside
        self.planIds = planIds
    }
}
