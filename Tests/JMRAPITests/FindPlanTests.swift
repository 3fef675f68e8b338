import Foundation
import JMRAPI
import Testing

@Suite struct FindPlanTests {
    static func page(_ names: [(String, Int64)], total: Int, requestId: String) -> ScriptedTransport.Step {
        let jobs = names.map { #"{"planName":"\#($0.0)","planId":\#($0.1),"planStatus":"running"}"# }.joined(separator: ",")
        return Fixture.json(200, #"{"requestId":"\#(requestId)","result":{"data":{"cronJobs":[\#(jobs)],"totalNum":\#(total)}}}"#)
    }

    @Test func findsTheExactNameOnALaterPage() async throws {
        let transport = ScriptedTransport([
            Self.page([("nightly-etl-v2", 1), ("old-nightly-etl", 2)], total: 5, requestId: "p1"),
            Self.page([("nightly-etl_", 3), ("nightly-etl", 42)], total: 5, requestId: "p2"),
        ])
        let found = try await Fixture.client(transport).findPlan(named: "nightly-etl", region: "cn-north-1", pageSize: 2)
        #expect(found.value?.planId == 42)
        #expect(found.value?.planStatus == "running")
        #expect(found.metadata.attempts == 2)
        #expect(found.metadata.requestId == "p2")
        let pages = try transport.requests.map { try (Fixture.bodyObject($0)["selectParams"] as? [String: Any])?["pageNum"] as? Int }
        #expect(pages == [1, 2])
        #expect(try transport.requests.allSatisfy {
            (try Fixture.bodyObject($0)["jmrPlanViewModel"] as? [String: Any])?["planName"] as? String == "nightly-etl"
        })
    }

    @Test func returnsNilAfterCoveringTotalNum() async throws {
        let transport = ScriptedTransport([
            Self.page([("nightly-etl-v2", 1), ("a-nightly-etl", 2)], total: 3, requestId: "p1"),
            Self.page([("NIGHTLY-ETL", 3)], total: 3, requestId: "p2"),
            Self.page([("nightly-etl", 99)], total: 3, requestId: "never"),
        ])
        let found = try await Fixture.client(transport).findPlan(named: "nightly-etl", region: "cn-north-1", pageSize: 2)
        #expect(found.value == nil)
        #expect(transport.requests.count == 2)
        #expect(transport.remainingSteps == 1)
    }

    @Test func stopsOnAnEmptyPage() async throws {
        let transport = ScriptedTransport([
            Self.page([("x-nightly-etl", 1)], total: 10, requestId: "p1"),
            Self.page([], total: 10, requestId: "p2"),
        ])
        let found = try await Fixture.client(transport).findPlan(named: "nightly-etl", region: "cn-north-1", pageSize: 1)
        #expect(found.value == nil)
        #expect(transport.requests.count == 2)
    }
}
