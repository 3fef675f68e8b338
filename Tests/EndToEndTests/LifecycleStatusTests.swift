import Foundation
import Testing

/// `enabled` (pause and resume) and the read-back after every change, through the real binary.
@Suite("Lifecycle: enabled and read-back (end to end)", .serialized)
struct LifecycleStatusTests {
    static func plans(enabled: Bool?, hour: Int = 1) -> String {
        var text = "  cleanup:\n    jobs: [8]\n    schedule: \"0 0 \(hour) * * ?\"\n"
        if let enabled { text += "    enabled: \(enabled)\n" }
        return text + "  other:\n    jobs: [9]\n    schedule: \"0 0 2 * * ?\"\n"
    }

    @Test func enabledPausesAndResumes() async throws {
        let w = try LifecycleWorkspace()
        try w.writePlans(Self.plans(enabled: false))
        let create = try w.run("apply", "plans.yaml")
        #expect(create.status == 0, "\(create.transcript)")
        #expect(create.stdout.contains("+ created cleanup"), "\(create.transcript)")
        #expect(create.stdout.contains(", then paused"), "\(create.transcript)")
        #expect(try w.simPlan("cleanup")["planStatus"] as? String == "paused")
        #expect(try w.simPlan("other")["planStatus"] as? String == "running")
        #expect(try w.calls("cronJob:pause") == 1)
        #expect(try w.run("plan", "plans.yaml", "--detailed-exitcode").status == 0)
        #expect(try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode").status == 0)

        // Resume: only the status changes, with one call and no update.
        try w.writePlans(Self.plans(enabled: true))
        let plan = try w.run("plan", "plans.yaml", "--detailed-exitcode")
        #expect(plan.status == 2, "\(plan.transcript)")
        #expect(hasFieldLine(plan.stdout, "enabled", "false", "true"), "\(plan.transcript)")
        let json = try planChanges(try w.run("plan", "plans.yaml", "--output", "json").stdout)
        #expect(fieldMap(json["cleanup"]?["fieldChanges"]) == ["enabled": ["false", "true"]])
        let creates = try w.calls("cronJob:create")
        let resume = try w.run("apply", "plans.yaml")
        #expect(resume.status == 0, "\(resume.transcript)")
        #expect(resume.stdout.contains("~ resumed cleanup"), "\(resume.transcript)")
        #expect(try w.simPlan("cleanup")["planStatus"] as? String == "running")
        #expect(try w.calls("cronJob:resume") == 1)
        #expect(try w.calls("cronJob:create") == creates, "a status change alone sends no update")
        #expect(try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode").status == 0)

        // Pause again, together with a schedule change: update, then pause.
        try w.writePlans(Self.plans(enabled: false, hour: 3))
        let plan2 = try w.run("plan", "plans.yaml", "--detailed-exitcode")
        #expect(plan2.status == 2, "\(plan2.transcript)")
        #expect(hasFieldLine(plan2.stdout, "enabled", "true", "false"), "\(plan2.transcript)")
        let pause = try w.run("apply", "plans.yaml", "--output", "json")
        #expect(pause.status == 0, "\(pause.transcript)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(pause.stdout.utf8)) as? [String: Any])
        let result = try #require((report["results"] as? [[String: Any]])?.first { $0["name"] as? String == "cleanup" })
        #expect(result["outcome"] as? String == "updated")
        #expect(result["statusChange"] as? String == "paused")
        let server = try w.simPlan("cleanup")
        #expect(server["planStatus"] as? String == "paused")
        #expect(server["cronExpression"] as? String == "0 0 3 * * ?")
        // A paused plan stays paused through an update with enabled: false.
        try w.writePlans(Self.plans(enabled: false, hour: 4))
        let pauses = try w.calls("cronJob:pause")
        #expect(try w.run("apply", "plans.yaml").status == 0)
        #expect(try w.simPlan("cleanup")["planStatus"] as? String == "paused")
        #expect(try w.calls("cronJob:pause") == pauses, "no pause call for a plan already paused")
        #expect(try w.simPlan("other")["planStatus"] as? String == "running")
        #expect(try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode").status == 0)
    }

    @Test func pausedOutsideIsDriftAndResumedByApplyRefresh() async throws {
        let w = try LifecycleWorkspace()
        try w.writePlans(Self.plans(enabled: nil))
        #expect(try w.run("apply", "plans.yaml").status == 0)
        try await w.direct.pause(try w.statePlanId("cleanup"))
        let plan = try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode")
        #expect(plan.status == 2, "\(plan.transcript)")
        #expect(plan.stdout.contains(#"(drift: server enabled "false", declared "true")"#), "\(plan.transcript)")
        let apply = try w.run("apply", "plans.yaml", "--refresh")
        #expect(apply.status == 0, "\(apply.transcript)")
        #expect(try w.simPlan("cleanup")["planStatus"] as? String == "running")
        #expect(try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode").status == 0)
    }

    @Test func readBackWarnsAboutNormalisedValuesAndLeavesNoPhantomDiff() throws {
        let w = try LifecycleWorkspace()
        let plans = """
              weekdays:
                jobs: [7]
                schedule: "0 0 9 ? * 2-6"
              plain:
                jobs: [8]
                schedule: "0 0 9 ? * MON-FRI"

            """
        try w.writePlans(plans)
        let apply = try w.run("apply", "plans.yaml")
        #expect(apply.status == 0, "a warning is not a failure: \(apply.transcript)")
        let lines = apply.stdout.split(separator: "\n").map(String.init)
        let warnings = lines.filter { $0.contains("warning:") }
        #expect(warnings.count == 1, "\(apply.transcript)")
        #expect(warnings.first?.contains("schedule.week") == true, "\(apply.transcript)")
        #expect(warnings.first?.contains("MON-FRI") == true, "\(apply.transcript)")
        // The warning follows the weekdays line, not the plain one.
        let index = try #require(lines.firstIndex { $0.contains("warning:") })
        #expect(index > 0 && lines[index - 1].contains("weekdays"), "\(apply.transcript)")
        #expect(try w.simPlan("weekdays")["cronExpression"] as? String == "0 0 9 ? * MON-FRI")

        let plan = try w.run("plan", "plans.yaml", "--detailed-exitcode")
        #expect(plan.status == 0, "no phantom diff: \(plan.transcript)")
        let refreshed = try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode")
        #expect(refreshed.status == 0, "no phantom drift: \(refreshed.transcript)")
        #expect(!refreshed.stdout.contains("drift"), "\(refreshed.transcript)")
        let mutating = try w.mutatingCalls()
        let again = try w.run("apply", "plans.yaml", "--refresh")
        #expect(again.status == 0, "\(again.transcript)")
        #expect(try w.mutatingCalls() == mutating, "nothing to repair: \(again.transcript)")

        // An update to another field reads back again, warns again and stays clean.
        try w.writePlans(plans.replacingOccurrences(of: "jobs: [7]", with: "jobs: [7, 70]"))
        let update = try w.run("apply", "plans.yaml", "--output", "json")
        #expect(update.status == 0, "\(update.transcript)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(update.stdout.utf8)) as? [String: Any])
        let result = try #require((report["results"] as? [[String: Any]])?.first { $0["name"] as? String == "weekdays" })
        #expect(result["outcome"] as? String == "updated")
        let json = (result["warnings"] as? [String]) ?? []
        #expect(json.count == 1 && json[0].contains("schedule.week"), "\(update.transcript)")
        #expect(try w.simPlan("weekdays")["jobIds"] as? String == "7,70")
        #expect(try w.run("plan", "plans.yaml", "--detailed-exitcode").status == 0)
        #expect(try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode").status == 0)
    }

    @Test func driftBesideANormalisedValueShowsNoPhantomChange() async throws {
        let w = try LifecycleWorkspace()
        let plans = """
              weekdays:
                jobs: [7]
                schedule: "0 0 9 ? * 2-6"
                description: "mine"

            """
        try w.writePlans(plans)
        #expect(try w.run("apply", "plans.yaml").status == 0)
        let planId = try w.statePlanId("weekdays")
        // Someone edits the description; the server still holds MON-FRI for the declared 2-6.
        try await w.direct.update(planId, to: .init(name: "weekdays", schedule: "0 0 9 ? * MON-FRI", jobs: "7", description: "theirs"))

        let plan = try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode")
        #expect(plan.status == 2, "\(plan.transcript)")
        #expect(plan.stdout.contains(#"(drift: server description "theirs", declared "mine")"#), "\(plan.transcript)")
        #expect(hasFieldLine(plan.stdout, "description", "theirs", "mine"), "\(plan.transcript)")
        #expect(!plan.stdout.contains("schedule.week"), "MON-FRI is how the server stores 2-6: \(plan.transcript)")
        let json = try planChanges(try w.run("plan", "plans.yaml", "--refresh", "--output", "json").stdout)
        #expect(fieldMap(json["weekdays"]?["fieldChanges"]) == ["description": ["theirs", "mine"]])
        #expect(fieldMap(json["weekdays"]?["drift"]) == ["description": ["mine", "theirs"]])

        // The files adopt their description: the server already matches, nothing to send.
        try w.writePlans(plans.replacingOccurrences(of: "mine", with: "theirs"))
        let matching = try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode")
        #expect(matching.status == 0, "\(matching.transcript)")
        let mutating = try w.mutatingCalls()
        let apply = try w.run("apply", "plans.yaml", "--refresh")
        #expect(apply.status == 0, "\(apply.transcript)")
        #expect(try w.mutatingCalls() == mutating, "nothing needed changing: \(apply.transcript)")
        #expect(try w.run("plan", "plans.yaml", "--detailed-exitcode").status == 0)
        #expect(try w.run("plan", "plans.yaml", "--refresh", "--detailed-exitcode").status == 0)
    }
}
