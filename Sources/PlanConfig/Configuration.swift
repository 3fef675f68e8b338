import Foundation

/// One declared plan: its name, its normalised spec and where it was declared.
public struct Plan: Sendable {
    public var name: String
    public var spec: PlanSpec
    /// Time zone used only to preview fire times; never sent to the API.
    public var timeZone: TimeZone
    /// The zone's name as written (default `UTC`), for display.
    public var timeZoneName: String
    /// Where the plan's name is written.
    public var location: SourceLocation

    public init(name: String, spec: PlanSpec, timeZoneName: String = "UTC", timeZone: TimeZone? = nil, location: SourceLocation) {
        self.name = name
        self.spec = spec
        self.timeZoneName = timeZoneName
        self.timeZone = timeZone ?? TimeZone(identifier: timeZoneName) ?? TimeZone(secondsFromGMT: 0)!
        self.location = location
    }
}

/// Every plan declared across the loaded files, for one region, sorted by name.
public struct Configuration: Sendable {
    /// The `regionId` all files declare.
    public var region: String
    public var plans: [Plan]

    public init(region: String, plans: [Plan]) {
        self.region = region
        // Sorted in place: the caller usually hands over its only copy.
        var plans = plans
        plans.sort { $0.name < $1.name }
        self.plans = plans
    }
}
