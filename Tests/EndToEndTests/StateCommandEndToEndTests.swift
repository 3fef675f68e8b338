import Foundation
import Testing

/// `jmr-apply state list | show | rm` through the built binary.
@Suite struct StateCommandEndToEndTests {
    /// Three applied plans and one create that was interrupted (no planId, no spec yet).
    static let state = """
        {
          "formatVersion": 1,
          "lineage": "5f1d1c36-55a2-4f57-a0c5-9a0b8f0e7d42",
          "serial": 4,
          "region": "cn-north-1",
          "plans": {
            "nightly-etl": {"name": "nightly-etl", "planId": 1042, "appliedAt": "2026-11-01T10:00:00Z", "requestId": "req-1",
              "spec": {"cluster": "jmr-1", "jobs": ["1001", "1002"], "schedule": {"time": "0", "minute": "30", "hour": "2", "day": "*", "month": "*", "week": "?"}, "enabled": true, "description": "Nightly"}},
            "a": {"name": "a", "planId": 7, "appliedAt": "2026-11-02T11:30:00Z",
              "spec": {"cluster": "jmr-1", "jobs": ["1"], "schedule": {"time": "0", "minute": "0", "hour": "1", "day": "*", "month": "*", "week": "?"}, "enabled": false}},
            "half-made": {"name": "half-made", "pendingCreate": {"startedAt": "2026-11-03T09:00:00Z", "specHash": "abc"}}
          }
        }

        """

    private func workspace(stateFile: String = "jmr-apply.state.json") throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("jmr-apply-state")
        try directory.write(stateFile, Self.state)
        return directory
    }

    private func state(_ arguments: [String], in directory: TemporaryDirectory, environment: [String: String] = Executables.cleanEnvironment()) throws -> ProcessResult {
        try Executables.runJMRApply(["state"] + arguments, in: directory.url, environment: environment)
    }

    private func stateDocument(_ directory: TemporaryDirectory, _ name: String = "jmr-apply.state.json") throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(directory.read(name).utf8)) as? [String: Any])
    }

    // MARK: list

    @Test func listText() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let result = try state(["list"], in: directory)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == """
            a            7           2026-11-02T11:30:00Z
            half-made    -           (create interrupted)
            nightly-etl  1042        2026-11-01T10:00:00Z

            """)
    }

    @Test func listJSON() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let result = try state(["list", "--output", "json"], in: directory)
        #expect(result.status == 0)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["name"] as? String } == ["a", "half-made", "nightly-etl"])
        #expect(entries.map { $0["planId"] as? Int } == [7, nil, 1042])
        #expect(entries.map { $0["appliedAt"] as? String } == ["2026-11-02T11:30:00Z", nil, "2026-11-01T10:00:00Z"])
    }

    @Test func listWithoutStateOrWithAnEmptyOne() throws {
        let directory = try TemporaryDirectory("jmr-apply-state")
        defer { directory.remove() }
        let none = try state(["list"], in: directory)
        #expect(none.status == 0)
        #expect(none.stdout == "No plans in state jmr-apply.state.json.\n")
        // Listing creates nothing.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        try directory.write("empty.json", #"{"formatVersion": 1, "lineage": "x", "serial": 1, "plans": {}}"#)
        let empty = try state(["list", "--state", "empty.json"], in: directory)
        #expect(empty.stdout == "No plans in state empty.json.\n")
        #expect(try state(["list", "--state", "empty.json", "--output=json"], in: directory).stdout == "[\n\n]\n")
    }

    @Test func listUsesStateFromTheEnvironment() throws {
        let directory = try workspace(stateFile: "elsewhere.json")
        defer { directory.remove() }
        let result = try state(["list"], in: directory, environment: Executables.cleanEnvironment(["JMR_STATE": "elsewhere.json"]))
        #expect(result.stdout.contains("nightly-etl  1042"))
        // --state wins over JMR_STATE.
        let flag = try state(["list", "--state", "missing.json"], in: directory, environment: Executables.cleanEnvironment(["JMR_STATE": "elsewhere.json"]))
        #expect(flag.stdout == "No plans in state missing.json.\n")
    }

    @Test func listRefusesACorruptState() throws {
        let directory = try TemporaryDirectory("jmr-apply-state")
        defer { directory.remove() }
        try directory.write("jmr-apply.state.json", "[1, 2")
        let result = try state(["list"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: state jmr-apply.state.json is not valid state JSON ("))
        #expect(try directory.read("jmr-apply.state.json") == "[1, 2")
    }

    // MARK: show

    @Test func showPrintsTheRecord() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let result = try state(["show", "nightly-etl"], in: directory)
        #expect(result.status == 0)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(record["name"] as? String == "nightly-etl")
        #expect(record["planId"] as? Int == 1042)
        #expect(record["requestId"] as? String == "req-1")
        #expect(record["appliedAt"] as? String == "2026-11-01T10:00:00Z")
        let spec = try #require(record["spec"] as? [String: Any])
        #expect(spec["jobs"] as? [String] == ["1001", "1002"])
        #expect(spec["description"] as? String == "Nightly")
        #expect((spec["schedule"] as? [String: String])?["minute"] == "30")
    }

    @Test func showUnknownPlan() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let result = try state(["show", "nope"], in: directory)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "error: no plan named 'nope' in state jmr-apply.state.json\n")
    }

    // MARK: rm

    @Test func rmNeedsYes() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let result = try state(["rm", "a"], in: directory)
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("error: 'state rm' forgets 'a' without touching the server; add --yes to confirm\n"))
        #expect(try directory.read("jmr-apply.state.json") == Self.state)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["jmr-apply.state.json"])
    }

    @Test func rmForgetsOnePlanAndKeepsABackup() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let result = try state(["rm", "a", "--yes"], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout == "Removed 'a' from state jmr-apply.state.json. The plan on the server was not touched.\n")
        let document = try stateDocument(directory)
        #expect((document["plans"] as? [String: Any])?.keys.sorted() == ["half-made", "nightly-etl"])
        #expect(document["serial"] as? Int == 5)
        #expect(document["lineage"] as? String == "5f1d1c36-55a2-4f57-a0c5-9a0b8f0e7d42")
        #expect(try directory.read("jmr-apply.state.json.backup") == Self.state)
        let listed = try state(["list"], in: directory)
        #expect(!listed.stdout.contains("a            7"))
        #expect(listed.stdout.contains("nightly-etl"))
        // The lock is released and empty afterwards.
        #expect(try directory.read("jmr-apply.state.json.lock") == "")
    }

    @Test func rmOfAnInterruptedCreate() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let result = try state(["--yes", "rm", "half-made", "--lock-timeout", "500ms"], in: directory)
        #expect(result.status == 0)
        #expect((try stateDocument(directory)["plans"] as? [String: Any])?["half-made"] == nil)
    }

    @Test func rmUnknownPlanChangesNothing() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let result = try state(["rm", "nope", "--yes"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr == "error: no plan named 'nope' in state jmr-apply.state.json\n")
        #expect(try directory.read("jmr-apply.state.json") == Self.state)
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("jmr-apply.state.json.backup").path))
    }

    // MARK: usage

    @Test(arguments: [
        ([], "error: state needs a subcommand: list, show NAME, rm NAME --yes or migrate --from --to"),
        (["list", "extra"], "error: 'state list' takes no arguments"),
        (["show"], "error: 'state show' takes exactly one plan NAME"),
        (["rm", "a", "b", "--yes"], "error: 'state rm' takes exactly one plan NAME"),
        (["frob"], "error: unknown state subcommand 'frob' (use list, show, rm or migrate)"),
        (["list", "--output", "yaml"], "error: option '--output' takes one of text, json, got 'yaml'"),
        (["rm", "a", "--yes", "--lock-timeout", "soon"], "error: option '--lock-timeout' takes a duration such as 30s, 2m or 500ms, got 'soon'"),
        (["list", "--force"], "error: unknown option '--force'"),
    ])
    func usageErrors(arguments: [String], message: String) throws {
        let directory = try workspace()
        defer { directory.remove() }
        let result = try state(arguments, in: directory)
        #expect(result.status == 64)
        #expect(result.stdout == "")
        #expect(result.stderr == "\(message)\nUsage: jmr-apply state list | show NAME | rm NAME --yes | migrate --from PATH|URL --to PATH|URL  [--state PATH|URL] [--output text|json]\nSee 'jmr-apply state --help'.\n")
        #expect(try directory.read("jmr-apply.state.json") == Self.state)
    }

    @Test func help() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try state(["--help"], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("List, show or forget plans in state, or migrate state between stores.\n\nUsage: jmr-apply state list | show NAME | rm NAME --yes | migrate --from PATH|URL --to PATH|URL"))
        #expect(result.stdout.contains("--from PATH|URL"))
        #expect(result.stdout.contains("--lock-timeout DURATION"))
    }
}
