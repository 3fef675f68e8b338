import Foundation
import PlanConfig
import PlanState
import Testing

@Suite struct StateModelTests {
    @Test func newStateHasAFreshLineage() {
        let a = State(region: "cn-north-1"), b = State(region: "cn-north-1")
        #expect(a.formatVersion == 1)
        #expect(a.serial == 0)
        #expect(a.plans.isEmpty)
        #expect(a.lineage != b.lineage)
        #expect(UUID(uuidString: a.lineage) != nil)
        #expect(a.lineage == a.lineage.lowercased())
    }

    @Test func checkRegion() throws {
        let state = State(region: "cn-north-1")
        try state.checkRegion("cn-north-1", store: "s.json")
        #expect(throws: StateError.regionMismatch(store: "s.json", state: "cn-north-1", configuration: "cn-east-2")) {
            try state.checkRegion("cn-east-2", store: "s.json")
        }
        // A state that never recorded a region takes any.
        try State(region: nil).checkRegion("cn-east-2", store: "s.json")
    }

    @Test func regionMismatchMessage() {
        let error = StateError.regionMismatch(store: "s.json", state: "cn-north-1", configuration: "cn-east-2")
        #expect(error.description == "state s.json is for region 'cn-north-1' but the configuration declares region 'cn-east-2'; use a separate state per region (--state)")
    }

    @Test func recordHashesItsSpec() {
        let record = PlanRecord(name: "n", planId: 1, spec: spec())
        #expect(record.specHash == SpecHash.of(spec()))
        #expect(record.specHash?.count == 64)
        #expect(PlanRecord(name: "n").specHash == nil)
    }

    @Test func specHashIsStableAndSensitive() {
        #expect(SpecHash.of(spec()) == SpecHash.of(spec()))
        #expect(SpecHash.of(spec(hour: 2)) != SpecHash.of(spec(hour: 3)))
        #expect(SpecHash.of(spec(jobs: ["1", "2"])) != SpecHash.of(spec(jobs: ["2", "1"])))
        // Spellings the loader normalises hash alike.
        let lower = PlanSpec(cluster: "c", jobs: ["1"], schedule: Schedule(fields: ["0", "0", "1", "?", "jan", "mon-fri"]))
        let upper = PlanSpec(cluster: "c", jobs: ["1"], schedule: Schedule(fields: [" 0", "0 ", "1", "?", "JAN", "MON-FRI"]))
        #expect(SpecHash.of(lower) == SpecHash.of(upper))
    }

    @Test func encodingIsDeterministic() throws {
        let value = state(["a": 1, "b": 2, "c": 3])
        #expect(try StateCoding.encode(value) == StateCoding.encode(value))
        #expect(try StateCoding.decode(StateCoding.encode(value), store: "s", backup: nil) == value)
    }

    @Test func durationsInMessages() {
        #expect(StateError.seconds(.seconds(60)) == "60s")
        #expect(StateError.seconds(.milliseconds(2500)) == "2.5s")
        #expect(StateError.seconds(.milliseconds(100)) == "0.1s")
    }

    @Test func conflictAndLockMessages() {
        #expect(StateError.conflict(store: "s", expectedSerial: 3, foundSerial: 4).description
            == "state s was changed by another run (expected serial 3, found serial 4); nothing was overwritten. Run again to plan against the new state")
        #expect(StateError.conflict(store: "s", expectedSerial: 3, foundSerial: nil).description.contains("found no state"))
        let holder = LockHolder(host: "ci-7", pid: 4242, user: "deploy", since: Date(timeIntervalSince1970: 1_800_000_000), command: "jmr-apply plans/")
        #expect(StateError.lockTimeout(store: "s", waited: .seconds(1), holder: holder).description
            == "timed out after 1s waiting for the lock on state s: held by deploy@ci-7 pid 4242 since 2027-01-15T08:00:00Z running 'jmr-apply plans/'")
        #expect(StateError.lockTimeout(store: "s", waited: .seconds(1), holder: nil).description.hasSuffix("held by an unknown process"))
    }
}
