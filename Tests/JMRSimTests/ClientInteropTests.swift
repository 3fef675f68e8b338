import Foundation
import JMRAPI
import Testing
@testable import JMRSim

/// The project's JMR client (JMRAPI) against the simulator, over real sockets.
@Suite("JMRAPI client against the simulator")
struct ClientInteropTests {
    func client(_ sim: TestServer) throws -> HTTPJMRClient {
        HTTPJMRClient(configuration: JMRClientConfiguration(
            endpoint: JMREndpoint(scheme: "http", host: "127.0.0.1", port: Int(sim.port)),
            credentials: try #require(sim.credentials),
            attemptTimeout: .seconds(10), deadline: .seconds(30)
        ))
    }

    func createRequest(_ name: String, planId: Int64? = nil) -> CreateCronJobRequest {
        CreateCronJobRequest(
            day: "?", hour: "2", minute: "30", month: "*", time: "0", week: "mon-fri",
            jmrPlanViewModel: JmrPlanViewModel(failurePolicy: "continue", jobIds: "11,12", planId: planId,
                                               planName: name, planType: "cron")
        )
    }

    @Test func planLifecycle() async throws {
        let sim = try TestServer(signed: true)
        let client = try client(sim)
        let created = try await client.createCronJob(region: "cn-north-1", request: createRequest("nightly-etl"))
        #expect(created.value.status == "success")
        #expect(created.metadata.requestId != nil)
        _ = try await client.createCronJob(region: "cn-north-1", request: createRequest("nightly-etl-2"))

        let found = try await client.findPlan(named: "nightly-etl", region: "cn-north-1", pageSize: 1)
        let plan = try #require(found.value)
        #expect(plan.planId == 1000)
        #expect(plan.cronExpression == "0 30 2 ? * MON-FRI")
        #expect(plan.dataCenter == "cn-north-1")

        let detail = try await client.getCronJobDetail(region: "cn-north-1", planId: 1000, pageNum: 1, pageSize: 10)
        #expect(detail.value.totalNum == 2)
        _ = try await client.pauseCronJob(region: "cn-north-1", planId: 1000)
        #expect(sim.server.plans.first?.planStatus == "paused")
        _ = try await client.deleteCronJob(region: "cn-north-1", planId: 1000)
        #expect(sim.server.plans.map(\.planName) == ["nightly-etl-2"])

        do {
            _ = try await client.createCronJob(region: "cn-north-1", request: createRequest("nightly-etl-2"))
            Issue.record("a duplicate name must fail")
        } catch {
            #expect(error.httpStatus == 400)
            #expect(error.status == "ALREADY_EXISTS")
        }
    }

    @Test func clientCorrectsItsClockFromRequestExpired() async throws {
        let sim = try TestServer(signed: true, clockOffsetSeconds: 2 * 3600)
        let client = try client(sim)
        let list = try await client.getCronJobList(region: "cn-north-1", planName: nil, pageNum: 1, pageSize: 10)
        #expect(list.value.totalNum == 0)
        #expect(abs(client.clockOffsetSeconds - 2 * 3600) < 10)
    }

    @Test func ambiguousCreateIsReportedAndNotRetried() async throws {
        let sim = try TestServer(signed: true) { $0.failAfterCommitRate = 1 }
        let client = try client(sim)
        do {
            _ = try await client.createCronJob(region: "cn-north-1", request: createRequest("etl"))
            Issue.record("the create must fail")
        } catch {
            #expect(error.httpStatus == 503)
            #expect(error.mayHaveCommitted)
        }
        #expect(sim.server.statistics.calls["cronJob:create"] == 1)
        #expect(sim.server.plans.map(\.planName) == ["etl"])
    }
}
