import Foundation
import PlanConfig
import PlanDiff
import PlanState
import Testing

@Suite struct ChangeKindTests {
    private let declared = plansFile("""
          nightly:
            cluster: jmr-1
            jobs: [1001]
            schedule: "0 30 2 * * ?"
          hourly:
            cluster: jmr-1
            jobs: [2001]
            schedule: "0 0 * * * ?"
        """)

    @Test func everythingIsACreateWithoutState() throws {
        let config = try configuration(declared)
        let diff = PlanDiff(configuration: config, state: nil)
        #expect(diff.outline == ["hourly: create", "nightly: create"])
        for change in diff.changes {
            #expect(change.record == nil)
            #expect(change.planId == nil)
            #expect(change.before == nil)
            #expect(change.after == config.plan(change.name)?.spec)
            #expect(change.fieldChanges.isEmpty)
            #expect(change.changesSchedule)
            #expect(!change.resumesInterruptedCreate)
        }
        #expect(diff.summary == summary(create: 2))
    }

    @Test func unchangedPlansAreNoOps() throws {
        let config = try configuration(declared)
        let diff = PlanDiff(configuration: config, state: appliedState(config))
        #expect(diff.outline == ["hourly: no-op", "nightly: no-op"])
        #expect(diff.changes.map(\.planId) == [100, 101])
        #expect(diff.changes.allSatisfy { !$0.changesSchedule && $0.fieldChanges.isEmpty })
        #expect(diff.summary == summary(noop: 2))
        #expect(!diff.summary.hasChanges(pruning: true))
    }

    @Test func scheduleChangeIsAnUpdateOfOneField() throws {
        let before = try configuration(declared)
        let after = try configuration(declared.replacingOccurrences(of: "0 30 2 * * ?", with: "0 30 3 * * ?"))
        let diff = PlanDiff(configuration: after, state: appliedState(before))
        #expect(diff.outline == ["hourly: no-op", "nightly: update"])
        let change = diff.changes[1]
        #expect(change.fieldChanges == [FieldChange(field: "schedule.hour", before: "2", after: "3")])
        #expect(change.planId == 101)
        #expect(change.before == before.plan("nightly")?.spec)
        #expect(change.after == after.plan("nightly")?.spec)
        #expect(change.changesSchedule)
        #expect(diff.summary == summary(update: 1, noop: 1))
    }

    @Test func updateListsEveryChangedFieldInFieldOrder() throws {
        let before = try configuration(plansFile("""
              nightly:
                cluster: jmr-1
                jobs: [1001]
                schedule: "0 30 2 * * ?"
                description: old text
                sync: true
            """))
        let after = try configuration(plansFile("""
              nightly:
                description: new text
                enabled: false
                jobs: [1001, 1002]
                cluster: jmr-2
                schedule: "15 30 2 ? * MON"
                failurePolicy: STOP
            """))
        let diff = PlanDiff(configuration: after, state: appliedState(before))
        #expect(diff.changes.first?.fieldChanges == [
            FieldChange(field: "cluster", before: "jmr-1", after: "jmr-2"),
            FieldChange(field: "jobs", before: "1001", after: "1001,1002"),
            FieldChange(field: "schedule.time", before: "0", after: "15"),
            FieldChange(field: "schedule.day", before: "*", after: "?"),
            FieldChange(field: "schedule.week", before: "?", after: "MON"),
            FieldChange(field: "description", before: "old text", after: "new text"),
            FieldChange(field: "failurePolicy", before: nil, after: "STOP"),
            FieldChange(field: "enabled", before: "true", after: "false"),
            FieldChange(field: "sync", before: "true", after: nil),
        ])
    }

    @Test func nonScheduleUpdateDoesNotChangeTheSchedule() throws {
        let before = try configuration(declared)
        let after = try configuration(declared.replacingOccurrences(of: "jobs: [1001]", with: "jobs: [1001, 1003]"))
        let change = try #require(PlanDiff(configuration: after, state: appliedState(before)).changes.last)
        #expect(change.action == .update)
        #expect(change.fieldChanges == [FieldChange(field: "jobs", before: "1001", after: "1001,1003")])
        #expect(!change.changesSchedule)
    }

    @Test func jobOrderIsSignificant() throws {
        let before = try configuration(declared.replacingOccurrences(of: "jobs: [1001]", with: "jobs: [1, 2]"))
        let after = try configuration(declared.replacingOccurrences(of: "jobs: [1001]", with: "jobs: [2, 1]"))
        let change = try #require(PlanDiff(configuration: after, state: appliedState(before)).changes.last)
        #expect(change.fieldChanges == [FieldChange(field: "jobs", before: "1,2", after: "2,1")])
    }

    @Test func recordedButUndeclaredPlanIsADelete() throws {
        let before = try configuration(declared)
        let after = try configuration(plansFile("""
              nightly:
                cluster: jmr-1
                jobs: [1001]
                schedule: "0 30 2 * * ?"
            """))
        let diff = PlanDiff(configuration: after, state: appliedState(before))
        #expect(diff.outline == ["hourly: delete", "nightly: no-op"])
        let delete = diff.changes[0]
        #expect(delete.plan == nil)
        #expect(delete.planId == 100)
        #expect(delete.before == before.plan("hourly")?.spec)
        #expect(delete.after == nil)
        #expect(!delete.changesSchedule)
        #expect(diff.summary == summary(delete: 1, noop: 1))
        // Deletes count as changes only when pruning.
        #expect(!diff.summary.hasChanges(pruning: false))
        #expect(diff.summary.hasChanges(pruning: true))
    }

    @Test func recordWithAnIdButNoSpecIsStillADeleteWhenUndeclared() throws {
        var state = State(region: "cn-north-1")
        state.plans["adopted"] = PlanRecord(name: "adopted", planId: 9)
        let diff = PlanDiff(configuration: try configuration(plansFile("")), state: state)
        #expect(diff.outline == ["adopted: delete"])
    }

    @Test func recordWithoutASpecIsPlannedAsACreate() throws {
        var state = State(region: "cn-north-1")
        state.plans["nightly"] = PlanRecord(name: "nightly", planId: 9)
        let diff = PlanDiff(configuration: try configuration(declared), state: state)
        #expect(diff.outline == ["hourly: create", "nightly: create"])
        #expect(diff.changes[1].planId == 9)
    }

    @Test func summaryCountsEveryKind() throws {
        let before = try configuration(plansFile("""
              same: {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
              changed: {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
              gone: {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
            """))
        let after = try configuration(plansFile("""
              same: {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
              changed: {cluster: c, jobs: [2], schedule: "0 0 1 * * ?"}
              new: {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
            """))
        let diff = PlanDiff(configuration: after, state: appliedState(before))
        #expect(diff.outline == ["changed: update", "gone: delete", "new: create", "same: no-op"])
        #expect(diff.summary == summary(create: 1, update: 1, delete: 1, noop: 1))
        #expect(diff.summary.hasChanges(pruning: false))
    }

    @Test func fireTimePreviewUsesThePlansZone() throws {
        let before = try configuration(plansFile("""
              nightly: {cluster: c, jobs: [1], schedule: "0 0 2 * * ?", timezone: Asia/Shanghai}
            """))
        let after = try configuration(plansFile("""
              nightly: {cluster: c, jobs: [1], schedule: "0 0 3 * * ?", timezone: Asia/Shanghai}
            """))
        let change = try #require(PlanDiff(configuration: after, state: appliedState(before)).changes.first)
        // 2027-01-15T08:00:00Z is 16:00 in Shanghai (UTC+8).
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let preview = change.fireTimePreview(count: 2, after: now)
        let formatter = ISO8601DateFormatter()
        #expect(preview.before.map(formatter.string) == ["2027-01-15T18:00:00Z", "2027-01-16T18:00:00Z"])
        #expect(preview.after.map(formatter.string) == ["2027-01-15T19:00:00Z", "2027-01-16T19:00:00Z"])
    }

    private func summary(create: Int = 0, update: Int = 0, delete: Int = 0, noop: Int = 0) -> PlanDiff.Summary {
        var summary = PlanDiff.Summary()
        summary.create = create
        summary.update = update
        summary.delete = delete
        summary.noop = noop
        return summary
    }
}
