import JMRAPI
import PlanApply
import PlanConfig
import PlanState
import Synchronization
import Testing

/// State is durable before anything is reported, a create's intent before the create,
/// and a state failure stops the run; `failFast` skips what is left.
@Suite struct StatePersistenceTests {
    @Test func theIntentIsDurableBeforeTheCreateIsSent() async throws {
        let store = RecordingStateStore()
        let seenAtCreate = Mutex<[PlanRecord?]>([])
        let client = MockJMRClient(observe: { request in
            guard request.jmrPlanViewModel.planId == nil, let name = request.jmrPlanViewModel.planName else { return }
            seenAtCreate.withLock { $0.append(store.state?.plans[name]) }
        })

        _ = try await ApplyFixtures.apply([ApplyFixtures.plan("a"), ApplyFixtures.plan("b")], store: store, client: client)

        let seen = seenAtCreate.withLock { $0 }
        #expect(seen.count == 2)
        for record in seen {
            let record = try #require(record)
            #expect(record.pendingCreate?.specHash == SpecHash.of(ApplyFixtures.spec()))
            #expect(record.planId == nil)
        }
    }

    @Test func aFailedCreateLeavesItsIntentInTheStore() async throws {
        // Ambiguous and out of retries: the store must still say a create was started.
        let store = RecordingStateStore()
        let client = MockJMRClient { _, _ in .before(Failures.timeout) }

        let report = try await ApplyFixtures.apply([ApplyFixtures.plan("nightly")], store: store, client: client, options: ApplyFixtures.options(maxRetries: 0))

        #expect(report.results.first?.outcome == .failed)
        let record = try #require(store.state?.plans["nightly"])
        #expect(record.pendingCreate != nil)
        #expect(record.planId == nil)
    }

    @Test func sequentialChangesSaveOncePerStep() async throws {
        // One at a time, group commit has nothing to merge: one save for every create's
        // intent up front, then one per change.
        let old = ApplyFixtures.spec(hour: 1)
        let client = MockJMRClient()
        let updatedId = client.seed(ApplyFixtures.request("u", old))
        var state = State(region: ApplyFixtures.region)
        state.plans["u"] = PlanRecord(name: "u", planId: updatedId, spec: old)
        let store = RecordingStateStore(state)
        let plans = ["a", "b", "c"].map { ApplyFixtures.plan($0) } + [ApplyFixtures.plan("u", ApplyFixtures.spec(hour: 3))]

        let report = try await ApplyFixtures.apply(plans, store: store, client: client, options: ApplyFixtures.options(parallelism: 1))

        #expect(report.succeeded)
        #expect(store.saves.count == 1 + 3 + 1)
        #expect(store.saves.map(\.serial) == Array(1...5))
        // Saved in order: every intent before any create, then a's planId, then b's ...
        for name in ["a", "b", "c"] {
            #expect(store.saves[0].plans[name]?.pendingCreate != nil)
            #expect(store.saves[0].plans[name]?.planId == nil)
        }
        #expect(store.saves[1].plans["a"]?.planId != nil)
        #expect(store.saves[1].plans["a"]?.pendingCreate == nil)
        #expect(store.saves[1].plans["b"]?.pendingCreate != nil)
        #expect(store.saves[1].plans["b"]?.planId == nil)
    }

    @Test func everyChangeIsDurableBeforeItIsReported() async throws {
        let store = RecordingStateStore()
        let client = MockJMRClient()
        let plans = (0..<40).map { ApplyFixtures.plan("plan-\($0)", ApplyFixtures.spec(hour: $0 % 24)) }
        let violations = Mutex<[String]>([])
        let reported = Mutex(0)

        let report = try await ApplyFixtures.apply(plans, store: store, client: client, options: ApplyFixtures.options(parallelism: 16)) { result in
            reported.withLock { $0 += 1 }
            // What the store holds right now, when the result is handed out.
            let durable = store.state?.plans[result.name]
            if durable?.planId == nil || durable?.planId != result.planId || durable?.pendingCreate != nil {
                violations.withLock { $0.append(result.name) }
            }
        }

        #expect(report.succeeded)
        #expect(reported.withLock { $0 } == 40)
        #expect(violations.withLock { $0 }.isEmpty)
        // Group commit: never more saves than steps (the intents, then a result per create).
        #expect(store.saves.count <= 41)
        #expect(store.saves.count >= 1)
        let final = try #require(store.state)
        #expect(final.plans.count == 40)
        #expect(final.plans.values.allSatisfy { $0.planId != nil && $0.pendingCreate == nil })
        #expect(Set(final.plans.values.compactMap(\.planId)).count == 40)
    }

    @Test func aStateSaveFailureStopsTheRun() async throws {
        // Save 1: every intent, save 2: a's planId, save 3 (b's planId) fails.
        let store = RecordingStateStore(failFromSave: 3)
        let client = MockJMRClient()
        let plans = ["a", "b", "c", "d", "e"].map { ApplyFixtures.plan($0) }

        let report = try await ApplyFixtures.apply(plans, store: store, client: client, options: ApplyFixtures.options(parallelism: 1))

        #expect(!report.succeeded)
        let stateError = try #require(report.stateError)
        #expect(stateError.contains("disk full"))
        #expect(client.snapshot.creates.count == 2, "nothing more is sent once state cannot be written")
        let outcomes = Dictionary(uniqueKeysWithValues: report.results.map { ($0.name, $0.outcome) })
        #expect(outcomes["a"] == .created)
        #expect(outcomes["b"] == .failed)
        #expect(outcomes["c"] == .skipped)
        #expect(outcomes["d"] == .skipped)
        #expect(outcomes["e"] == .skipped)
        #expect(store.state?.plans["a"]?.planId != nil)
        // b was created but its planId could not be recorded: its intent stays, so the
        // next run looks it up by name instead of creating it again.
        #expect(store.state?.plans["b"]?.pendingCreate != nil)
        #expect(store.state?.plans["b"]?.planId == nil)
    }

    @Test func aStateSaveFailureAfterACreateIsReportedAsAFailure() async throws {
        // Save 1 (the intent) works, save 2 (the planId) fails: the plan was created but
        // not recorded, so it must not be reported as applied.
        let store = RecordingStateStore(failFromSave: 2)
        let client = MockJMRClient()

        let report = try await ApplyFixtures.apply([ApplyFixtures.plan("a"), ApplyFixtures.plan("b")], store: store, client: client, options: ApplyFixtures.options(parallelism: 1))

        #expect(report.stateError != nil)
        #expect(report.results.first { $0.name == "a" }?.outcome == .failed)
        #expect(report.results.first { $0.name == "b" }?.outcome == .skipped)
        // The intent survived, so the next run looks "a" up instead of creating it again.
        #expect(store.state?.plans["a"]?.pendingCreate != nil)
    }

    @Test func failFastSkipsTheRest() async throws {
        let client = MockJMRClient { request, _ in request.jmrPlanViewModel.planName == "a" ? .before(Failures.invalid) : .none }
        let store = InMemoryStateStore()
        let plans = ["a", "b", "c"].map { ApplyFixtures.plan($0) }

        let report = try await ApplyFixtures.apply(plans, store: store, client: client, options: ApplyFixtures.options(parallelism: 1, failFast: true))

        #expect(!report.succeeded)
        #expect(report.results.count == 3)
        #expect(report.results.first { $0.name == "a" }?.outcome == .failed)
        #expect(report.results.first { $0.name == "b" }?.outcome == .skipped)
        #expect(report.results.first { $0.name == "c" }?.outcome == .skipped)
        #expect(client.snapshot.creates.count == 1)
        #expect(client.snapshot.plans.isEmpty)
    }

    @Test func withoutFailFastTheRestIsStillApplied() async throws {
        let client = MockJMRClient { request, _ in request.jmrPlanViewModel.planName == "a" ? .before(Failures.invalid) : .none }
        let store = InMemoryStateStore()
        let plans = ["a", "b", "c"].map { ApplyFixtures.plan($0) }

        let report = try await ApplyFixtures.apply(plans, store: store, client: client, options: ApplyFixtures.options(parallelism: 1))

        #expect(!report.succeeded)
        #expect(report.failures.map(\.name) == ["a"])
        #expect(report.results.filter { $0.outcome == .created }.map(\.name).sorted() == ["b", "c"])
        #expect(Set(client.plansByName.keys) == ["b", "c"])
        #expect(store.state?.plans["b"]?.planId != nil)
        #expect(store.state?.plans["c"]?.planId != nil)
    }
}
