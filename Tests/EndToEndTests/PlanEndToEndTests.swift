import Foundation
import Testing

/// `jmr-apply plan` through the built binary, from a hand-written state file.
@Suite struct PlanEndToEndTests {
    static let plans = """
        version: 1
        region: cn-north-1
        defaults:
          cluster: jmr-1
        plans:
          alpha:
            jobs: [1001]
            schedule: "0 30 2 * * ?"
          beta:
            jobs: [2001, 2002]
            schedule: "0 0 3 * * ?"
            timezone: Asia/Shanghai
          gamma:
            jobs: [3001]
            schedule: "0 0 4 ? * mon-fri"
        """

    /// A state file in the format StateCoding writes.
    static func stateJSON(region: String = "cn-north-1", plans: [(name: String, id: Int, jobs: [String], hour: String, week: String)]) -> String {
        let records = plans.map { plan in
            let day = plan.week == "?" ? "*" : "?"
            let jobs = plan.jobs.map { "\"\($0)\"" }.joined(separator: ", ")
            return """
                "\(plan.name)": {"name": "\(plan.name)", "planId": \(plan.id), "appliedAt": "2026-11-01T10:00:00Z", "spec": {"cluster": "jmr-1", "jobs": [\(jobs)], "schedule": {"time": "0", "minute": "0", "hour": "\(plan.hour)", "day": "\(day)", "month": "*", "week": "\(plan.week)"}, "enabled": true}}
                """
        }
        return """
            {"formatVersion": 1, "lineage": "0d4c4bd6-6a4b-4f0e-9d38-3b1d0f1c2a11", "serial": 7, "region": "\(region)",
             "plans": {\(records.joined(separator: ",\n"))}}

            """
    }

    /// beta changed (jobs, hour), gamma unchanged (weekday case differs), old undeclared.
    static let mixedState = stateJSON(plans: [
        ("beta", 42, ["2001"], "2", "?"),
        ("gamma", 43, ["3001"], "4", "MON-FRI"),
        ("old", 44, ["1"], "4", "MON-FRI"),
    ])

    private func workspace(state: String? = mixedState) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("jmr-apply-plan")
        try directory.write("plans.yaml", Self.plans)
        if let state { try directory.write("state.json", state) }
        return directory
    }

    private func plan(_ arguments: [String], in directory: TemporaryDirectory, environment: [String: String] = Executables.cleanEnvironment()) throws -> ProcessResult {
        try Executables.runJMRApply(["plan", "plans.yaml", "--state", "state.json"] + arguments, in: directory.url, environment: environment)
    }

    // MARK: text

    @Test func textOutput() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let result = try plan([], in: directory)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let expectedInOrder = [
            "jmr-apply will make these changes (region cn-north-1, state state.json):",
            "  + create alpha  plans.yaml:6:3",
            "      schedule = \"0 30 2 * * ?\"  (UTC)",
            "      cluster  = \"jmr-1\"",
            "      jobs     = \"1001\"",
            "      next fire times (UTC):",
            "  ~ update beta (planId 42)  plans.yaml:9:3",
            "      jobs           \"2001\" -> \"2001,2002\"",
            "      schedule.hour  \"2\" -> \"3\"",
            "      next fire times (Asia/Shanghai):",
            "  - delete old (planId 44): would be deleted with --prune",
            "Plan: 1 to create, 1 to update, 0 to delete, 1 unchanged. 1 plan would be deleted with --prune.",
        ]
        var index = lines.startIndex
        for expected in expectedInOrder {
            guard let found = lines[index...].firstIndex(of: expected) else {
                Issue.record("missing or out of order: \(expected)\n\(result.stdout)")
                return
            }
            index = found + 1
        }
        #expect(lines.last == "")
        #expect(lines.dropLast().last?.hasPrefix("Plan: ") == true)
        // The unchanged plan is not listed.
        #expect(!result.stdout.contains("gamma"))
        // Fire-time previews: three times each, before and after for the update.
        let createTimes = try #require(lines.firstIndex(of: "      next fire times (UTC):"))
        #expect(lines[createTimes + 1].wholeMatch(of: /\ {8}(\d{4}-\d\d-\d\d 02:30:00 \+00:00 \w{3}, ){2}\d{4}-\d\d-\d\d 02:30:00 \+00:00 \w{3}/) != nil)
        let updateTimes = try #require(lines.firstIndex(of: "      next fire times (Asia/Shanghai):"))
        #expect(lines[updateTimes + 1].wholeMatch(of: /\ {8}before: (\S+ 02:00:00 \+08:00 \w{3}, ){2}\S+ 02:00:00 \+08:00 \w{3}/) != nil)
        #expect(lines[updateTimes + 2].wholeMatch(of: /\ {8}after:\ \ (\S+ 03:00:00 \+08:00 \w{3}, ){2}\S+ 03:00:00 \+08:00 \w{3}/) != nil)
    }

    @Test func textOutputWithNoChanges() throws {
        let directory = try workspace(state: Self.stateJSON(plans: [
            ("alpha", 1, ["1001"], "2", "?"), ("beta", 2, ["2001", "2002"], "3", "?"), ("gamma", 3, ["3001"], "4", "MON-FRI"),
        ]).replacingOccurrences(of: #""minute": "0", "hour": "2""#, with: #""minute": "30", "hour": "2""#))
        defer { directory.remove() }
        let result = try plan(["--detailed-exitcode"], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout == "No changes. 3 plans match the recorded state.\n")
    }

    @Test func withoutStateEverythingIsACreateAndNothingIsWritten() throws {
        let directory = try workspace(state: nil)
        defer { directory.remove() }
        let result = try plan([], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("Plan: 3 to create, 0 to update, 0 to delete, 0 unchanged.\n"))
        // plan never writes state, a backup or a lock.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["plans.yaml"])
    }

    @Test func stateFromTheEnvironment() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let result = try Executables.runJMRApply(
            ["plan", "plans.yaml"], in: directory.url, environment: Executables.cleanEnvironment(["JMR_STATE": "state.json"])
        )
        #expect(result.status == 0)
        #expect(result.stdout.contains("(region cn-north-1, state state.json)"))
        #expect(result.stdout.contains("~ update beta (planId 42)"))
    }

    @Test func targetAndExclude() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let targeted = try plan(["--target", "b*", "--target", "old"], in: directory)
        #expect(targeted.status == 0)
        #expect(!targeted.stdout.contains("alpha"))
        #expect(targeted.stdout.contains("~ update beta"))
        #expect(targeted.stdout.hasSuffix("Plan: 0 to create, 1 to update, 0 to delete, 0 unchanged. 1 plan would be deleted with --prune.\n"))
        let excluded = try plan(["--exclude", "beta", "--exclude=o*"], in: directory)
        #expect(excluded.stdout.hasSuffix("Plan: 1 to create, 0 to update, 0 to delete, 1 unchanged.\n"))
    }

    @Test func interruptedCreateIsPlannedAsACreateAndNeverAsADelete() throws {
        let directory = try workspace(state: """
            {"formatVersion": 1, "lineage": "x", "serial": 2, "region": "cn-north-1", "plans": {
              "alpha": {"name": "alpha", "pendingCreate": {"startedAt": "2026-11-03T09:00:00Z", "specHash": "abc"}},
              "removed": {"name": "removed", "pendingCreate": {"startedAt": "2026-11-03T09:00:00Z", "specHash": "def"}}}}
            """)
        defer { directory.remove() }
        let result = try plan([], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout.contains("  + create alpha  plans.yaml:6:3\n      (an earlier run was interrupted creating it: apply looks it up by name first)\n"))
        #expect(!result.stdout.contains("removed"))
        #expect(result.stdout.hasSuffix("Plan: 3 to create, 0 to update, 0 to delete, 0 unchanged.\n"))
    }

    // MARK: json

    @Test func jsonOutputFollowsTheSchema() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let result = try plan(["--output", "json"], in: directory)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(document.keys) == ["formatVersion", "region", "changes", "summary"])
        #expect(document["formatVersion"] as? String == "1")
        #expect(document["region"] as? String == "cn-north-1")
        #expect(document["summary"] as? [String: Int] == ["create": 1, "update": 1, "delete": 1, "noop": 1])
        let changes = try #require(document["changes"] as? [[String: Any]])
        #expect(changes.map { $0["name"] as? String } == ["alpha", "beta", "gamma", "old"])
        #expect(changes.map { $0["action"] as? String } == ["create", "update", "no-op", "delete"])
        let keys: Set = ["name", "action", "planId", "source", "before", "after", "fieldChanges", "nextFireTimes", "drift", "deletedOutside", "willDelete"]
        for change in changes { #expect(Set(change.keys) == keys) }

        let create = changes[0]
        #expect(create["planId"] is NSNull)
        #expect(create["before"] is NSNull)
        #expect(source(create) == "plans.yaml:6:3")
        let after = try #require(create["after"] as? [String: Any])
        #expect(after["cluster"] as? String == "jmr-1")
        #expect(after["jobs"] as? [String] == ["1001"])
        #expect(after["enabled"] as? Bool == true)
        #expect(after["schedule"] as? [String: String] == ["time": "0", "minute": "30", "hour": "2", "day": "*", "month": "*", "week": "?"])
        let createTimes = try #require(create["nextFireTimes"] as? [String: Any])
        #expect(createTimes["timezone"] as? String == "UTC")
        #expect((createTimes["before"] as? [String])?.isEmpty == true)
        #expect((createTimes["after"] as? [String])?.count == 3)
        #expect((createTimes["after"] as? [String])?.allSatisfy { $0.wholeMatch(of: /\d{4}-\d\d-\d\dT02:30:00\+00:00/) != nil } == true)

        let update = changes[1]
        #expect(update["planId"] as? Int == 42)
        #expect(source(update) == "plans.yaml:9:3")
        #expect((update["before"] as? [String: Any])?["jobs"] as? [String] == ["2001"])
        #expect((update["after"] as? [String: Any])?["jobs"] as? [String] == ["2001", "2002"])
        #expect(update["fieldChanges"] as? [[String: String]] == [
            ["field": "jobs", "before": "2001", "after": "2001,2002"],
            ["field": "schedule.hour", "before": "2", "after": "3"],
        ])
        let updateTimes = try #require(update["nextFireTimes"] as? [String: Any])
        #expect(updateTimes["timezone"] as? String == "Asia/Shanghai")
        #expect((updateTimes["before"] as? [String])?.allSatisfy { $0.wholeMatch(of: /\S+T02:00:00\+08:00/) != nil } == true)
        #expect((updateTimes["after"] as? [String])?.allSatisfy { $0.wholeMatch(of: /\S+T03:00:00\+08:00/) != nil } == true)
        #expect((updateTimes["after"] as? [String])?.count == 3)

        let noop = changes[2]
        #expect(noop["planId"] as? Int == 43)
        #expect(noop["nextFireTimes"] is NSNull)
        #expect((noop["fieldChanges"] as? [Any])?.isEmpty == true)

        let delete = changes[3]
        #expect(delete["planId"] as? Int == 44)
        #expect(delete["source"] is NSNull)
        #expect(delete["after"] is NSNull)
        #expect(delete["before"] is [String: Any])
        #expect(delete["nextFireTimes"] is NSNull)
    }

    /// `file:line:column` of a change's `source` object, checking it has exactly those keys.
    private func source(_ change: [String: Any]) -> String? {
        guard let source = change["source"] as? [String: Any], Set(source.keys) == ["file", "line", "column"],
            let file = source["file"] as? String, let line = source["line"] as? Int, let column = source["column"] as? Int
        else { return nil }
        return "\(file):\(line):\(column)"
    }

    // MARK: github

    @Test func githubOutputAndStepSummary() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let summary = try directory.write("summary.md", "## Earlier step\n\n")
        let result = try plan(["--output", "github"], in: directory, environment: Executables.cleanEnvironment(["GITHUB_STEP_SUMMARY": summary]))
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == """
            ::notice file=plans.yaml,line=6,col=3::+ create alpha
            ::notice file=plans.yaml,line=9,col=3::~ update beta: jobs 2001 -> 2001,2002; schedule.hour 2 -> 3
            ::notice::- delete old: would be deleted with --prune
            Plan: 1 to create, 1 to update, 0 to delete, 1 unchanged. 1 plan would be deleted with --prune.

            """)
        #expect(try directory.read("summary.md") == """
            ## Earlier step

            ### jmr-apply plan (cn-north-1)

            1 to create, 1 to update, 1 not declared (deleted only with --prune), 1 unchanged.

            | action | plan | planId | changes |
            |---|---|---|---|
            | create | alpha |  |  |
            | update | beta | 42 | `jobs`: 2001 → 2001,2002<br>`schedule.hour`: 2 → 3 |
            | delete | old | 44 |  |


            """)
    }

    @Test func githubPropertiesAreEscaped() throws {
        let directory = try TemporaryDirectory("jmr-apply-plan")
        defer { directory.remove() }
        try directory.write("a,b:c/plans.yaml", """
            version: 1
            region: cn-north-1
            plans:
              "50%-sample": {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
            """)
        let result = try Executables.runJMRApply(["plan", "a,b:c/plans.yaml", "--output", "github", "--state", "s.json"], in: directory.url)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("::notice file=a%2Cb%3Ac/plans.yaml,line=4,col=3::+ create 50%25-sample\n"))
    }

    @Test func githubWithoutStepSummaryWritesNoFile() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let result = try plan(["--output", "github"], in: directory)
        #expect(result.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["plans.yaml", "state.json"])
    }

    // MARK: exit codes

    @Test func exitCodes() throws {
        let directory = try workspace()
        defer { directory.remove() }
        #expect(try plan([], in: directory).status == 0)
        #expect(try plan(["--detailed-exitcode"], in: directory).status == 2)
        #expect(try plan(["--detailed-exitcode", "--output", "json"], in: directory).status == 2)
        #expect(try plan(["--detailed-exitcode", "--target", "gamma"], in: directory).status == 0)
        // A plan that would only be deleted is not a change without --prune.
        #expect(try plan(["--detailed-exitcode", "--target", "old"], in: directory).status == 0)
        try directory.write("plans.yaml", Self.plans.replacingOccurrences(of: "0 0 3 * * ?", with: "0 0 33 * * ?"))
        let invalid = try plan([], in: directory)
        #expect(invalid.status == 1)
        #expect(invalid.stderr.hasPrefix("plans.yaml:11:20: error: invalid schedule: hour 33 is out of range 0-23\n"))
        #expect(try plan(["--detailed-exitcode"], in: directory).status == 1)
    }

    @Test func usageErrorsExit64() throws {
        let directory = try workspace()
        defer { directory.remove() }
        for arguments in [["--output", "yaml"], ["--bogus"], ["--state", ""], ["--workspace", "x"]] {
            let result = try plan(arguments, in: directory)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains("Usage: jmr-apply plan FILE|DIR..."))
        }
        #expect(try Executables.runJMRApply(["plan"], in: directory.url).status == 64)
    }

    // MARK: state problems

    @Test func stateForAnotherRegionIsRefusedAndLeftUntouched() throws {
        let state = Self.stateJSON(region: "cn-east-2", plans: [("beta", 42, ["2001"], "2", "?")])
        let directory = try workspace(state: state)
        defer { directory.remove() }
        for format in ["text", "json", "github"] {
            let result = try plan(["--output", format, "--detailed-exitcode"], in: directory)
            #expect(result.status == 1)
            #expect(result.stdout == "")
            #expect(result.stderr == "error: state state.json is for region 'cn-east-2' but the configuration declares region 'cn-north-1'; use a separate state per region (--state)\n")
        }
        #expect(try directory.read("state.json") == state)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["plans.yaml", "state.json"])
    }

    @Test func corruptStateIsRefusedAndLeftUntouched() throws {
        let directory = try workspace(state: "{\"formatVersion\": 1, \"plans\": {")
        defer { directory.remove() }
        try directory.write("state.json.backup", Self.mixedState)
        let result = try plan([], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: state state.json is not valid state JSON ("))
        #expect(result.stderr.hasSuffix("); it was left untouched. The previous version is in state.json.backup: inspect it and copy it over the state if it is right\n"))
        #expect(try directory.read("state.json") == "{\"formatVersion\": 1, \"plans\": {")
    }

    @Test func newerStateFormatIsRefused() throws {
        let directory = try workspace(state: #"{"formatVersion": 2, "plans": {}}"#)
        defer { directory.remove() }
        let result = try plan([], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr == "error: state state.json has formatVersion 2; this jmr-apply reads version 1. Upgrade jmr-apply\n")
    }

    // MARK: state written by apply

    @Test func planReadsTheStateAnApplyWrote() throws {
        let simulator = try SimulatorProcess()
        defer { simulator.stop() }
        let directory = try workspace(state: nil)
        defer { directory.remove() }
        let apply = try Executables.runJMRApply(["apply", "plans.yaml", "--state", "state.json"], in: directory.url, environment: simulator.environment())
        #expect(apply.status == 0, "\(apply.stderr)")
        let callsAfterApply = try simulator.stats()["calls"] as? [String: Int]
        #expect(callsAfterApply?.isEmpty == false)
        let ids = try simulator.plans().compactMap { plan -> (String, Int)? in
            guard let name = plan["planName"] as? String, let id = plan["planId"] as? Int else { return nil }
            return (name, id)
        }
        #expect(ids.map(\.0).sorted() == ["alpha", "beta", "gamma"])

        let unchanged = try plan(["--detailed-exitcode"], in: directory, environment: simulator.environment())
        #expect(unchanged.status == 0)
        #expect(unchanged.stdout == "No changes. 3 plans match the recorded state.\n")

        try directory.write("plans.yaml", Self.plans.replacingOccurrences(of: "0 0 4 ? * mon-fri", with: "0 0 5 ? * mon-fri"))
        let changed = try plan(["--detailed-exitcode"], in: directory, environment: simulator.environment())
        #expect(changed.status == 2)
        let gammaID = try #require(ids.first { $0.0 == "gamma" }?.1)
        #expect(changed.stdout.contains("  ~ update gamma (planId \(gammaID))  plans.yaml:13:3\n      schedule.hour  \"4\" -> \"5\"\n"))
        #expect(changed.stdout.hasSuffix("Plan: 0 to create, 1 to update, 0 to delete, 2 unchanged.\n"))
        // plan made no API calls of its own.
        #expect(try simulator.stats()["calls"] as? [String: Int] == callsAfterApply)
    }
}
