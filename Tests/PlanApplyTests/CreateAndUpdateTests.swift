import JMRAPI
import PlanApply
import PlanConfig
import PlanState
import Testing

/// Creates find their planId by exact name; updates carry the recorded planId.
@Suite struct CreateAndUpdateTests {
    @Test func createRecordsThePlanIdFoundByName() async throws {
        let client = MockJMRClient()
        // A plan whose name contains the new one's: the lookup must match the name exactly.
        let decoyId = client.seed(ApplyFixtures.request("etl-nightly-old", ApplyFixtures.spec(hour: 5)))
        let store = InMemoryStateStore()
        let plans = [ApplyFixtures.plan("etl-nightly"), ApplyFixtures.plan("etl-hourly", ApplyFixtures.spec(hour: 3))]

        let report = try await ApplyFixtures.apply(plans, store: store, client: client)

        #expect(report.succeeded)
        #expect(report.results.count == 2)
        #expect(report.results.allSatisfy { $0.outcome == .created })
        let server = client.plansByName
        let state = try #require(store.state)
        for plan in plans {
            let onServer = try #require(server[plan.name])
            let record = try #require(state.plans[plan.name])
            #expect(record.planId == onServer.planId)
            #expect(record.planId != decoyId)
            #expect(record.spec == plan.spec)
            #expect(record.pendingCreate == nil)
            #expect(record.requestId != nil)
            let result = try #require(report.results.first { $0.name == plan.name })
            #expect(result.planId == onServer.planId)
            #expect(result.calls == 2, "one create and one lookup")
        }
        #expect(client.createsWithoutPlanId.count == 2)
        #expect(client.createsWithPlanId.isEmpty)
        #expect(Set(client.snapshot.lists.compactMap { $0 }) == ["etl-nightly", "etl-hourly"])
    }

    @Test func createSendsTheDeclaredFields() async throws {
        let client = MockJMRClient()
        let store = InMemoryStateStore()
        let spec = ApplyFixtures.spec(hour: 4, jobs: ["7", "8", "9"], description: "weekly rollup")
        _ = try await ApplyFixtures.apply([ApplyFixtures.plan("rollup", spec)], store: store, client: client)

        let sent = try #require(client.snapshot.creates.first)
        #expect(sent.jmrPlanViewModel.planName == "rollup")
        #expect(sent.jmrPlanViewModel.planId == nil)
        #expect(sent.jmrPlanViewModel.clusterId == "jmr-abc123")
        #expect(sent.jmrPlanViewModel.jobIds == "7,8,9")
        #expect(sent.jmrPlanViewModel.description == "weekly rollup")
        #expect(sent.jmrPlanViewModel.failurePolicy == "continue")
        #expect(sent.jmrPlanViewModel.planType == "cron")
        #expect(sent.jmrPlanViewModel.dataCenter == ApplyFixtures.region)
        #expect([sent.time, sent.minute, sent.hour, sent.day, sent.month, sent.week] == ["0", "30", "4", "*", "*", "?"])
    }

    @Test func updateSendsTheRecordedPlanIdThenReadsItBack() async throws {
        let client = MockJMRClient()
        let old = ApplyFixtures.spec(hour: 2)
        let planId = client.seed(ApplyFixtures.request("nightly", old))
        var state = State(region: ApplyFixtures.region)
        state.plans["nightly"] = PlanRecord(name: "nightly", planId: planId, spec: old)
        let store = InMemoryStateStore(state)
        let new = ApplyFixtures.spec(hour: 6)

        let report = try await ApplyFixtures.apply([ApplyFixtures.plan("nightly", new)], store: store, client: client)

        #expect(report.succeeded)
        let result = try #require(report.results.first)
        #expect(result.outcome == .updated)
        #expect(result.planId == planId)
        #expect(result.calls == 2, "the update, then one read-back by name")
        let sent = try #require(client.snapshot.creates.first)
        #expect(client.snapshot.creates.count == 1)
        #expect(sent.jmrPlanViewModel.planId == planId)
        #expect(sent.hour == "6")
        #expect(client.snapshot.lists.count == 1, "the read-back after the update")
        #expect(client.snapshot.plans.count == 1)
        #expect(client.snapshot.plans[planId]?.cronExpression == "0 30 6 * * ?")
        let record = try #require(store.state?.plans["nightly"])
        #expect(record.planId == planId)
        #expect(record.spec == new)
    }

    @Test func unchangedPlansMakeNoCalls() async throws {
        let client = MockJMRClient()
        let spec = ApplyFixtures.spec()
        let planId = client.seed(ApplyFixtures.request("nightly", spec))
        var state = State(region: ApplyFixtures.region)
        state.plans["nightly"] = PlanRecord(name: "nightly", planId: planId, spec: spec)
        let store = RecordingStateStore(state)

        let report = try await ApplyFixtures.apply([ApplyFixtures.plan("nightly", spec)], store: store, client: client)

        #expect(report.results.isEmpty)
        #expect(report.unchanged == 1)
        #expect(client.snapshot.requests == 0)
        #expect(store.saves.isEmpty)
    }
}
