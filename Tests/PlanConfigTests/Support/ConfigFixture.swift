import Foundation
import PlanConfig

/// Plans files in a fresh temporary directory, loaded through `ConfigLoader`.
struct ConfigFixture {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("plan-config-tests-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The absolute path of `name` inside the directory.
    func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// Writes `text` (UTF-8) to `name`, creating intermediate directories.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Loads `names` (files or directories inside the fixture).
    func load(_ names: [String], environment: [String: String] = [:]) -> LoadResult {
        ConfigLoader(environment: environment).load(paths: names.map(path))
    }

    /// Writes one file and loads it.
    func load(yaml text: String, environment: [String: String] = [:]) throws -> LoadResult {
        try write("plans.yaml", text)
        return load(["plans.yaml"], environment: environment)
    }

    /// The diagnostics as printed (`FILE:LINE:COL: error: message`), with the fixture's
    /// directory removed from paths so expectations read `plans.yaml:3:5: ...`.
    func messages(_ result: LoadResult) -> [String] {
        result.diagnostics.map { $0.description.replacingOccurrences(of: directory.path + "/", with: "") }
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` with a fresh fixture and removes it afterwards.
func withFixture<T>(_ body: (ConfigFixture) throws -> T) throws -> T {
    let fixture = try ConfigFixture()
    defer { fixture.remove() }
    return try body(fixture)
}

/// The plan named `name`, if the configuration has one.
extension Configuration {
    func plan(_ name: String) -> Plan? {
        plans.first { $0.name == name }
    }
}
