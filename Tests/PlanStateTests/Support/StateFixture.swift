import Foundation
import PlanConfig
import PlanState

/// A fresh temporary directory holding one state file.
struct StateFixture {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("plan-state-tests-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    var statePath: String { directory.appendingPathComponent("state.json").path }

    func store() -> FileStateStore { FileStateStore(path: statePath) }

    /// The names in the directory, sorted.
    func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    func bytes(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// The permission bits of `path`.
    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

func withStateFixture<T>(_ body: (StateFixture) throws -> T) throws -> T {
    let fixture = try StateFixture()
    defer { fixture.remove() }
    return try body(fixture)
}

/// A spec with a given hour, for telling versions apart.
func spec(hour: Int = 2, jobs: [String] = ["1001"]) -> PlanSpec {
    PlanSpec(cluster: "jmr-1", jobs: jobs, schedule: Schedule(fields: ["0", "30", String(hour), "*", "*", "?"]))
}

/// A state for `cn-north-1` holding the named plans.
func state(_ plans: [String: Int64] = ["nightly": 42]) -> State {
    var state = State(region: "cn-north-1", endpoint: "https://jmr.example")
    for (name, id) in plans {
        state.plans[name] = PlanRecord(
            name: name, planId: id, spec: spec(), appliedAt: Date(timeIntervalSince1970: 1_800_000_000), requestId: "req-\(id)"
        )
    }
    return state
}
