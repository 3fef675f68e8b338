import Foundation
import PlanConfig
import PlanDiff
import PlanState
import Testing

/// `PlanDiff` with a `ServerObservation` (`--refresh`): drift, plans deleted outside
/// jmr-apply, and the server's normalised values.
@Suite("PlanDiff: drift and deleted outside")
struct DriftTests {
    private static func spec(_ schedule: String = "0 30 2 * * ?", jobs: [String] = ["1001"], description: String? = nil, enabled: Bool = true) -> PlanSpec {
        PlanSpec(
            cluster: "jmr-abc123", jobs: jobs, schedule: Schedule(fields: schedule.split(separator: " ").map(String.init)),
            description: description, enabled: enabled
        )
    }

    private static func plan(_ name: String, _ spec: PlanSpec) -> Plan {
        Plan(name: name, spec: spec, location: SourceLocation(file: "plans.yaml", line: 3, column: 3))
    }

    private static func state(_ records: PlanRecord...) -> State {
        var state = State(region: "cn-north-1")
        for record in records { state.plans[record.name] = record }
        return state
    }

    private static func diff(_ plans: [Plan], _ state: State, _ observation: ServerObservation?, filter: PlanFilter = PlanFilter()) -> PlanDiff {
        PlanDiff(configuration: Configuration(region: "cn-north-1", plans: plans), state: state, filter: filter, observation: observation)
    }

    private static func only(_ diff: PlanDiff) throws -> PlanChange {
        try #require(diff.changes.count == 1, "\(diff.changes.map(\.name))")
        return diff.changes[0]
    }

    @Test func withoutObservationNothingIsDrift() throws {
        let applied = Self.spec()
        let state = Self.state(PlanRecord(name: "etl", planId: 7, spec: applied))
        let change = try Self.only(Self.diff([Self.plan("etl", applied)], state, nil))
        #expect(change.action == .noop)
        #expect(change.drift.isEmpty)
        #expect(!change.deletedOutside)
        #expect(change.serverSpec == nil)
    }

    @Test func serverMatchingStateIsNotDrift() throws {
        let applied = Self.spec()
        let state = Self.state(PlanRecord(name: "etl", planId: 7, spec: applied))
        let observation = ServerObservation(serverSpecs: ["etl": applied])
        let change = try Self.only(Self.diff([Self.plan("etl", applied)], state, observation))
        #expect(change.action == .noop)
        #expect(change.drift.isEmpty)
        #expect(change.planId == 7)
    }

    @Test func driftedScheduleIsAnUpdateFromTheServersValues() throws {
        let applied = Self.spec("0 30 2 * * ?")
        let server = Self.spec("0 0 3 * * ?")
        let state = Self.state(PlanRecord(name: "etl", planId: 7, spec: applied))
        let change = try Self.only(Self.diff([Self.plan("etl", applied)], state, ServerObservation(serverSpecs: ["etl": server])))
        #expect(change.action == .update)
        #expect(change.planId == 7)
        #expect(change.drift == [
            FieldChange(field: "schedule.minute", before: "30", after: "0"), FieldChange(field: "schedule.hour", before: "2", after: "3"),
        ])
        #expect(change.fieldChanges == [
            FieldChange(field: "schedule.minute", before: "0", after: "30"), FieldChange(field: "schedule.hour", before: "3", after: "2"),
        ])
        #expect(change.serverSpec == server)
        #expect(change.before == server, "the change starts from what the server holds")
        #expect(change.after == applied)
        #expect(change.changesSchedule)
        #expect(Self.diff([Self.plan("etl", applied)], state, ServerObservation(serverSpecs: ["etl": server])).summary.hasChanges(pruning: false))
    }

    @Test func driftPlusALocalEditDiffsFromTheServer() throws {
        let applied = Self.spec(description: "a")
        let server = Self.spec(description: "b")
        let declared = Self.spec(jobs: ["1001", "1002"], description: "a")
        let state = Self.state(PlanRecord(name: "etl", planId: 7, spec: applied))
        let change = try Self.only(Self.diff([Self.plan("etl", declared)], state, ServerObservation(serverSpecs: ["etl": server])))
        #expect(change.action == .update)
        #expect(change.drift == [FieldChange(field: "description", before: "a", after: "b")])
        #expect(change.fieldChanges == [
            FieldChange(field: "jobs", before: "1001", after: "1001,1002"), FieldChange(field: "description", before: "b", after: "a"),
        ])
    }

    @Test func driftThatAlreadyMatchesTheFilesIsANoopWithDrift() throws {
        let applied = Self.spec("0 30 2 * * ?")
        let declared = Self.spec("0 0 3 * * ?")
        let state = Self.state(PlanRecord(name: "etl", planId: 7, spec: applied))
        let diff = Self.diff([Self.plan("etl", declared)], state, ServerObservation(serverSpecs: ["etl": declared]))
        let change = try Self.only(diff)
        #expect(change.action == .noop)
        #expect(change.drift.count == 2)
        #expect(change.fieldChanges.isEmpty)
        #expect(!diff.summary.hasChanges(pruning: true))
        // Without the observation the same files are an update from state.
        #expect(try Self.only(Self.diff([Self.plan("etl", declared)], state, nil)).action == .update)
    }

    @Test func pausedOnTheServerIsDriftInEnabled() throws {
        let applied = Self.spec()
        let state = Self.state(PlanRecord(name: "etl", planId: 7, spec: applied))
        let change = try Self.only(Self.diff([Self.plan("etl", applied)], state, ServerObservation(serverSpecs: ["etl": Self.spec(enabled: false)])))
        #expect(change.action == .update)
        #expect(change.drift == [FieldChange(field: "enabled", before: "true", after: "false")])
        #expect(change.fieldChanges == [FieldChange(field: "enabled", before: "false", after: "true")])
    }

    @Test func theServersRecordedNormalisationIsNotDrift() throws {
        let declared = Self.spec("0 0 9 ? * 2-6")
        let stored = Self.spec("0 0 9 ? * MON-FRI")
        let state = Self.state(PlanRecord(name: "weekdays", planId: 7, spec: declared, serverSpec: stored))
        let change = try Self.only(Self.diff([Self.plan("weekdays", declared)], state, ServerObservation(serverSpecs: ["weekdays": stored])))
        #expect(change.action == .noop)
        #expect(change.drift.isEmpty)
        #expect(try Self.only(Self.diff([Self.plan("weekdays", declared)], state, nil)).action == .noop)
    }

    @Test func driftBesideARecordedNormalisationNamesOnlyTheDriftedField() throws {
        let declared = Self.spec("0 0 9 ? * 2-6", description: "mine")
        let stored = Self.spec("0 0 9 ? * MON-FRI", description: "mine")
        let server = Self.spec("0 0 9 ? * MON-FRI", description: "theirs")
        let state = Self.state(PlanRecord(name: "weekdays", planId: 7, spec: declared, serverSpec: stored))
        let change = try Self.only(Self.diff([Self.plan("weekdays", declared)], state, ServerObservation(serverSpecs: ["weekdays": server])))
        #expect(change.action == .update)
        #expect(change.drift == [FieldChange(field: "description", before: "mine", after: "theirs")])
        #expect(change.fieldChanges == [FieldChange(field: "description", before: "theirs", after: "mine")],
                "MON-FRI is how the server stores 2-6: not a change")
    }

    @Test func driftToTheDeclaredValueBesideARecordedNormalisationIsANoop() throws {
        let applied = Self.spec("0 0 9 ? * 2-6", description: "old")
        let stored = Self.spec("0 0 9 ? * MON-FRI", description: "old")
        let declared = Self.spec("0 0 9 ? * 2-6", description: "new")
        let server = Self.spec("0 0 9 ? * MON-FRI", description: "new")
        let state = Self.state(PlanRecord(name: "weekdays", planId: 7, spec: applied, serverSpec: stored))
        let change = try Self.only(Self.diff([Self.plan("weekdays", declared)], state, ServerObservation(serverSpecs: ["weekdays": server])))
        #expect(change.action == .noop, "\(change.fieldChanges)")
        #expect(change.drift == [FieldChange(field: "description", before: "old", after: "new")])
    }

    @Test func aNormalisationIsForgivenOnlyForTheValueItWasRecordedFor() throws {
        // The files now say 2-5; the server's MON-FRI was the stored form of 2-6, so it differs.
        let applied = Self.spec("0 0 9 ? * 2-6", description: "old")
        let stored = Self.spec("0 0 9 ? * MON-FRI", description: "old")
        let declared = Self.spec("0 0 9 ? * 2-5", description: "old")
        let server = Self.spec("0 0 9 ? * MON-FRI", description: "new")
        let state = Self.state(PlanRecord(name: "weekdays", planId: 7, spec: applied, serverSpec: stored))
        let change = try Self.only(Self.diff([Self.plan("weekdays", declared)], state, ServerObservation(serverSpecs: ["weekdays": server])))
        #expect(change.action == .update)
        #expect(change.fieldChanges == [
            FieldChange(field: "schedule.week", before: "MON-FRI", after: "2-5"), FieldChange(field: "description", before: "new", after: "old"),
        ])
    }

    @Test func aPlanFoundUnderANewPlanIdIsChangedThroughIt() throws {
        let applied = Self.spec()
        let state = Self.state(PlanRecord(name: "etl", planId: 7, spec: applied), PlanRecord(name: "old", planId: 8, spec: applied))
        let observation = ServerObservation(
            serverSpecs: ["etl": Self.spec(description: "remade"), "old": applied], planIds: ["etl": 17, "old": 18]
        )
        let diff = Self.diff([Self.plan("etl", applied)], state, observation)
        let etl = try #require(diff.changes.first { $0.name == "etl" })
        #expect(etl.action == .update)
        #expect(etl.planId == 17, "the update goes to the plan that exists")
        #expect(etl.serverPlanId == 17)
        #expect(etl.record?.planId == 7)
        // A plan no file declares keeps state's planId: --prune never deletes a plan made again by someone else.
        let old = try #require(diff.changes.first { $0.name == "old" })
        #expect(old.action == .delete)
        #expect(old.planId == 8)
        // Same planId: nothing to note.
        let same = try Self.only(Self.diff([Self.plan("etl", applied)], state, ServerObservation(serverSpecs: ["etl": applied], planIds: ["etl": 7]), filter: PlanFilter(targets: ["etl"])))
        #expect(same.serverPlanId == nil)
        #expect(same.planId == 7)
    }

    @Test func declaredPlanDeletedOutsideIsACreate() throws {
        let applied = Self.spec()
        var record = PlanRecord(name: "etl", planId: 7, spec: applied)
        record.pendingCreate = PendingCreate(startedAt: Date(timeIntervalSince1970: 0), specHash: SpecHash.of(applied))
        let state = Self.state(record)
        let change = try Self.only(Self.diff([Self.plan("etl", applied)], state, ServerObservation(deletedOutside: ["etl"])))
        #expect(change.action == .create)
        #expect(change.deletedOutside)
        #expect(change.planId == nil, "the old planId is gone")
        #expect(change.record?.planId == 7, "state's record is still shown")
        #expect(change.before == nil)
        #expect(change.after == applied)
        #expect(!change.resumesInterruptedCreate, "a plan known to be gone is not looked up first")
    }

    @Test func undeclaredPlanDeletedOutsideIsNeverADelete() {
        let state = Self.state(PlanRecord(name: "gone", planId: 7, spec: Self.spec()), PlanRecord(name: "old", planId: 8, spec: Self.spec()))
        let diff = Self.diff([], state, ServerObservation(deletedOutside: ["gone"]))
        #expect(diff.changes.map(\.name) == ["old"])
        #expect(diff.changes.map(\.action) == [.delete])
        #expect(diff.summary.delete == 1)
        // Without the observation both are deletes.
        #expect(Self.diff([], state, nil).summary.delete == 2)
    }

    @Test func newPlansAreCreatesWhateverTheServerHolds() throws {
        let declared = Self.spec()
        let change = try Self.only(Self.diff([Self.plan("new", declared)], Self.state(), ServerObservation(serverSpecs: [:])))
        #expect(change.action == .create)
        #expect(!change.deletedOutside)
        #expect(change.drift.isEmpty)
    }

    @Test func theFilterAppliesToDriftAndDeletedOutside() {
        let applied = Self.spec()
        let state = Self.state(PlanRecord(name: "a", planId: 1, spec: applied), PlanRecord(name: "b", planId: 2, spec: applied))
        let observation = ServerObservation(serverSpecs: ["a": Self.spec(description: "x")], deletedOutside: ["b"])
        let plans = [Self.plan("a", applied), Self.plan("b", applied)]
        #expect(Self.diff(plans, state, observation, filter: PlanFilter(targets: ["b"])).changes.map(\.name) == ["b"])
        let excluded = Self.diff(plans, state, observation, filter: PlanFilter(excludes: ["b"]))
        #expect(excluded.changes.map(\.name) == ["a"])
        #expect(excluded.changes.first?.drift == [FieldChange(field: "description", before: nil, after: "x")])
    }
}
