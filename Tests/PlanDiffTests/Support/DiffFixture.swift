import Foundation
import PlanConfig
import PlanDiff
import PlanState
import Testing

/// Loads `yaml` through the real loader (so specs are normalised as in a run).
func configuration(_ yaml: String, environment: [String: String] = [:]) throws -> Configuration {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plan-diff-tests-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("plans.yaml").path
    try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
    let result = ConfigLoader(environment: environment).load(paths: [path])
    guard let configuration = result.configuration else {
        throw DiffFixtureError(diagnostics: result.diagnostics.map(\.description))
    }
    return configuration
}

struct DiffFixtureError: Error, CustomStringConvertible {
    var diagnostics: [String]
    var description: String { diagnostics.joined(separator: "\n") }
}

/// `version`, `region` and the plans, as one file.
func plansFile(_ plans: String, defaults: String? = nil) -> String {
    var text = "version: 1\nregion: cn-north-1\n"
    if let defaults { text += "defaults:\n" + defaults + "\n" }
    return text + "plans:\n" + plans + "\n"
}

/// A state recording every plan of `configuration` as applied, with ids from 100.
func appliedState(_ configuration: Configuration) -> State {
    var state = State(region: configuration.region)
    for (index, plan) in configuration.plans.enumerated() {
        state.plans[plan.name] = PlanRecord(name: plan.name, planId: Int64(100 + index), spec: plan.spec)
    }
    return state
}

extension PlanDiff {
    /// `name: action` for each change, in order.
    var outline: [String] { changes.map { "\($0.name): \($0.action.rawValue)" } }
}

extension Configuration {
    /// The plan named `name`, if declared.
    func plan(_ name: String) -> Plan? {
        plans.first { $0.name == name }
    }
}
