import Foundation
import PlanConfig
import PlanState
import Testing

@Suite struct IncrementalStateEncoderTests {
    private func spec(_ hour: Int, description: String? = nil) -> PlanSpec {
        PlanSpec(cluster: "jmr-1", jobs: ["1", "2"], schedule: Schedule(fields: ["0", "30", String(hour), "*", "*", "?"]), description: description)
    }

    private func state(_ count: Int, endpoint: String? = "http://127.0.0.1:1/x", region: String? = "cn-north-1") -> State {
        var state = State(region: region, endpoint: endpoint)
        state.serial = 7
        for i in 0..<count {
            let name = "plan-\(i)"
            state.plans[name] = PlanRecord(
                name: name, planId: Int64(1000 + i), spec: spec(i % 24, description: i == 1 ? "quote \" slash / é \u{1}" : nil),
                appliedAt: Date(timeIntervalSince1970: 1_800_000_000), requestId: "r\(i)")
        }
        return state
    }

    @Test(arguments: [0, 1, 3, 25])
    func bytesMatchTheFullEncoder(count: Int) throws {
        let encoder = IncrementalStateEncoder()
        let state = state(count)
        #expect(try encoder.encode(state) == (try StateCoding.encode(state)))
    }

    @Test func headerFieldsMayBeAbsent() throws {
        let state = state(2, endpoint: nil, region: nil)
        #expect(try IncrementalStateEncoder().encode(state) == (try StateCoding.encode(state)))
    }

    @Test func changedRecordsAreReencodedAndRemovedOnesDropped() throws {
        let encoder = IncrementalStateEncoder()
        var state = state(5)
        _ = try encoder.encode(state)
        state.plans["plan-2"]?.spec = spec(9)
        state.plans["plan-4"] = nil
        state.plans["new \"one\""] = PlanRecord(name: "new \"one\"", planId: 9)
        state.serial += 1
        #expect(try encoder.encode(state) == (try StateCoding.encode(state)))
        let decoded = try StateCoding.decode(try encoder.encode(state), store: "test", backup: nil)
        #expect(decoded == state)
    }
}
