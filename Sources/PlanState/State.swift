import Foundation
import PlanConfig

/// What jmr-apply has applied: the document a `StateStore` keeps.
public struct State: Codable, Sendable, Equatable {
    /// The only state format this version reads and writes.
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    /// A UUID made when the state is first created; kept across migrations.
    public var lineage: String
    /// Incremented by every write.
    public var serial: Int
    /// The `regionId` the plans live in.
    public var region: String?
    /// The API endpoint last applied to.
    public var endpoint: String?
    /// Applied plans by name.
    public var plans: [String: PlanRecord]

    /// A new, empty state with a fresh lineage.
    public init(region: String?, endpoint: String? = nil) {
        formatVersion = Self.currentFormatVersion
        lineage = UUID().uuidString.lowercased()
        serial = 0
        self.region = region
        self.endpoint = endpoint
        plans = [:]
    }
}

/// One plan as jmr-apply last applied it.
public struct PlanRecord: Codable, Sendable, Equatable {
    public var name: String
    /// The server's id, once known.
    public var planId: Int64?
    /// The normalised spec last applied; nil while only a create intent is recorded.
    public var spec: PlanSpec?
    /// SHA-256 of the spec's canonical JSON.
    public var specHash: String?
    public var appliedAt: Date?
    /// The requestId of the call that applied it.
    public var requestId: String?
    /// What the server stored, when it differs from `spec` (the server normalised a
    /// value). `--refresh` compares the server with this, so normalisation is not drift.
    public var serverSpec: PlanSpec?
    /// Set before a create is sent and cleared when it is confirmed, so a run that
    /// dies mid-create looks the plan up by name instead of creating it twice.
    public var pendingCreate: PendingCreate?

    /// What the server is expected to hold: `serverSpec`, else `spec`.
    public var expectedServerSpec: PlanSpec? { serverSpec ?? spec }

    public init(
        name: String, planId: Int64? = nil, spec: PlanSpec? = nil, appliedAt: Date? = nil, requestId: String? = nil,
        serverSpec: PlanSpec? = nil
    ) {
        self.name = name
        self.serverSpec = serverSpec == spec ? nil : serverSpec
        self.planId = planId
        self.spec = spec
        self.specHash = spec.map(SpecHash.of)
        self.appliedAt = appliedAt
        self.requestId = requestId
    }
}

/// A create that was started but not yet confirmed.
public struct PendingCreate: Codable, Sendable, Equatable {
    public var startedAt: Date
    public var specHash: String

    public init(startedAt: Date, specHash: String) {
        self.startedAt = startedAt
        self.specHash = specHash
    }
}
