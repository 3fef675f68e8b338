import Foundation
import PlanConfig
import PlanDiff
import PlanState
import Testing

/// A create intent recorded before the call, never confirmed (the run died).
@Suite struct PendingCreateTests {
    private func pendingRecord(_ name: String, spec: PlanSpec) -> PlanRecord {
        var record = PlanRecord(name: name)
        record.pendingCreate = PendingCreate(startedAt: Date(timeIntervalSince1970: 1_800_000_000), specHash: SpecHash.of(spec))
        return record
    }

    @Test func declaredPendingCreateIsPlannedAsACreateThatLooksUpFirst() throws {
        let config = try configuration(plansFile(#"  nightly: {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}"#))
        var state = State(region: "cn-north-1")
        state.plans["nightly"] = pendingRecord("nightly", spec: try #require(config.plan("nightly")).spec)
        let diff = PlanDiff(configuration: config, state: state)
        #expect(diff.outline == ["nightly: create"])
        let change = diff.changes[0]
        #expect(change.resumesInterruptedCreate)
        #expect(change.planId == nil)
        #expect(change.record?.pendingCreate != nil)
    }

    @Test func undeclaredPendingCreateIsNeverADelete() throws {
        let config = try configuration(plansFile(#"  other: {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}"#))
        var state = State(region: "cn-north-1")
        state.plans["removed"] = pendingRecord("removed", spec: try #require(config.plan("other")).spec)
        let diff = PlanDiff(configuration: config, state: state)
        #expect(diff.outline == ["other: create"])
        #expect(diff.summary.delete == 0)
    }

    @Test func pendingCreateOverAnAppliedRecordIsStillACreate() throws {
        // An earlier apply recorded the plan, then a re-create was started and interrupted.
        let config = try configuration(plansFile(#"  nightly: {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}"#))
        var state = appliedState(config)
        state.plans["nightly"]?.pendingCreate = PendingCreate(startedAt: Date(), specHash: "x")
        let change = try #require(PlanDiff(configuration: config, state: state).changes.first)
        #expect(change.action == .create)
        #expect(change.resumesInterruptedCreate)
    }
}
