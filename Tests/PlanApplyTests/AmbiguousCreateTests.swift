import JMRAPI
import PlanApply
import PlanConfig
import PlanState
import Testing

/// Never create a plan twice: ambiguous failures, interrupted runs and taken names
/// all end in a lookup by name; only a certain "not created" creates again.
@Suite struct AmbiguousCreateTests {
    @Test(arguments: [Failures.unavailable, Failures.timeout])
    func ambiguousFailureAfterTheCreateHappenedAdoptsWithoutASecondCreate(_ failure: JMRError) async throws {
        let client = MockJMRClient { _, index in index == 0 ? .after(failure) : .none }
        let store = InMemoryStateStore()
        let plan = ApplyFixtures.plan("nightly")

        let report = try await ApplyFixtures.apply([plan], store: store, client: client)

        #expect(report.succeeded)
        let result = try #require(report.results.first)
        #expect(result.outcome == .adopted(updated: false))
        #expect(client.snapshot.creates.count == 1, "no second create after the lookup found it")
        #expect(client.snapshot.plans.count == 1)
        #expect(client.snapshot.lists == ["nightly"])
        let onServer = try #require(client.plansByName["nightly"])
        let record = try #require(store.state?.plans["nightly"])
        #expect(record.planId == onServer.planId)
        #expect(record.spec == plan.spec)
        #expect(record.pendingCreate == nil)
    }

    @Test(arguments: [Failures.unavailable, Failures.timeout])
    func ambiguousFailureBeforeTheCreateHappenedCreatesAgainAfterTheLookup(_ failure: JMRError) async throws {
        let client = MockJMRClient { _, index in index == 0 ? .before(failure) : .none }
        let store = InMemoryStateStore()

        let report = try await ApplyFixtures.apply([ApplyFixtures.plan("nightly")], store: store, client: client)

        #expect(report.succeeded)
        #expect(report.results.first?.outcome == .created)
        #expect(client.createsWithoutPlanId.count == 2)
        #expect(client.snapshot.plans.count == 1)
        // The lookup before the second create, then the one that finds the new planId.
        #expect(client.snapshot.lists == ["nightly", "nightly"])
        #expect(store.state?.plans["nightly"]?.planId == client.plansByName["nightly"]?.planId)
    }

    @Test func everyAmbiguousRetryLooksBeforeCreating() async throws {
        // Fails before acting three times, then works: each retry is preceded by a lookup.
        let client = MockJMRClient { _, index in index < 3 ? .before(Failures.unavailable) : .none }
        let store = InMemoryStateStore()
        let sleeper = InstantSleeper()
        var options = ApplyFixtures.options(maxRetries: 3)
        options.sleeper = sleeper

        let report = try await ApplyFixtures.apply([ApplyFixtures.plan("nightly")], store: store, client: client, options: options)

        #expect(report.succeeded)
        #expect(client.createsWithoutPlanId.count == 4)
        #expect(client.snapshot.lists.count == 4)
        #expect(sleeper.sleeps.count == 3, "backs off before each lookup")
        #expect(client.snapshot.plans.count == 1)
    }

    @Test func ambiguousFailuresBeyondTheRetriesKeepTheIntentForTheNextRun() async throws {
        let failing = MockJMRClient { _, _ in .after(Failures.unavailable) }
        let store = InMemoryStateStore()
        let plan = ApplyFixtures.plan("nightly")

        // maxRetries 0: the applier gives up right after the first ambiguous create.
        let first = try await ApplyFixtures.apply([plan], store: store, client: failing, options: ApplyFixtures.options(maxRetries: 0))

        #expect(!first.succeeded)
        let failed = try #require(first.results.first)
        #expect(failed.outcome == .failed)
        #expect(failed.requestId == "req-503")
        #expect(failed.error?.contains("looks the plan up by name") == true)
        let pending = try #require(store.state?.plans["nightly"])
        #expect(pending.pendingCreate != nil)
        #expect(pending.planId == nil)
        #expect(pending.spec == nil)
        #expect(failing.snapshot.plans.count == 1, "the create did happen on the server")

        // The next run (same server, now healthy) looks it up first and adopts it.
        let healthy = MockJMRClient()
        let existing = try #require(failing.plansByName["nightly"])
        let planId = healthy.seed(ApplyFixtures.request("nightly", plan.spec))
        #expect(existing.planName == "nightly")
        let second = try await ApplyFixtures.apply([plan], store: store, client: healthy)

        #expect(second.succeeded)
        #expect(second.results.first?.outcome == .adopted(updated: false))
        #expect(healthy.snapshot.creates.isEmpty, "resuming an interrupted create never creates before looking")
        #expect(healthy.snapshot.lists == ["nightly"])
        #expect(store.state?.plans["nightly"]?.planId == planId)
        #expect(store.state?.plans["nightly"]?.pendingCreate == nil)
    }

    @Test func anInterruptedCreateThatNeverReachedTheServerIsCreatedAfterTheLookup() async throws {
        var state = State(region: ApplyFixtures.region)
        var record = PlanRecord(name: "nightly")
        record.pendingCreate = PendingCreate(startedAt: .now, specHash: SpecHash.of(ApplyFixtures.spec()))
        state.plans["nightly"] = record
        let store = InMemoryStateStore(state)
        let client = MockJMRClient()

        let report = try await ApplyFixtures.apply([ApplyFixtures.plan("nightly")], store: store, client: client)

        #expect(report.results.first?.outcome == .created)
        #expect(client.snapshot.lists.first == "nightly", "looked up before creating")
        #expect(client.snapshot.creates.count == 1)
        #expect(store.state?.plans["nightly"]?.planId == client.plansByName["nightly"]?.planId)
    }

    @Test func aTakenNameIsAdoptedWithoutAnUpdateWhenItMatches() async throws {
        let client = MockJMRClient()
        let spec = ApplyFixtures.spec()
        let planId = client.seed(ApplyFixtures.request("nightly", spec))
        let store = InMemoryStateStore()

        let report = try await ApplyFixtures.apply([ApplyFixtures.plan("nightly", spec)], store: store, client: client)

        #expect(report.succeeded)
        #expect(report.results.first?.outcome == .adopted(updated: false))
        #expect(report.results.first?.planId == planId)
        #expect(client.createsWithoutPlanId.count == 1)
        #expect(client.createsWithPlanId.isEmpty, "nothing to update")
        #expect(client.snapshot.plans.count == 1)
        #expect(store.state?.plans["nightly"]?.planId == planId)
        #expect(store.state?.plans["nightly"]?.spec == spec)
    }

    @Test func aTakenNameIsAdoptedAndUpdatedWhenItDiffers() async throws {
        let client = MockJMRClient()
        let planId = client.seed(ApplyFixtures.request("nightly", ApplyFixtures.spec(hour: 9, description: "made by hand")))
        let store = InMemoryStateStore()
        let declared = ApplyFixtures.spec(hour: 2)

        let report = try await ApplyFixtures.apply([ApplyFixtures.plan("nightly", declared)], store: store, client: client)

        #expect(report.succeeded)
        #expect(report.results.first?.outcome == .adopted(updated: true))
        let updates = client.createsWithPlanId
        #expect(updates.count == 1)
        #expect(updates.first?.jmrPlanViewModel.planId == planId)
        #expect(client.snapshot.plans.count == 1)
        #expect(client.snapshot.plans[planId]?.cronExpression == "0 30 2 * * ?")
        #expect(client.snapshot.plans[planId]?.description == "nightly")
        #expect(store.state?.plans["nightly"]?.planId == planId)
        #expect(store.state?.plans["nightly"]?.spec == declared)
    }

    /// Errors of the lookup that follows a successful create are not the create's:
    /// a lookup that certainly failed says nothing about whether the plan exists.
    @Test(arguments: [
        JMRError(kind: .http, httpStatus: 429, status: "TOO_MANY_REQUESTS", message: "slow down", requestId: "req-429", mayHaveCommitted: false),
        JMRError(kind: .transport, transportError: .notSent("connection refused"), mayHaveCommitted: false),
    ])
    func aFailedLookupAfterASuccessfulCreateKeepsTheIntent(_ lookupError: JMRError) async throws {
        let client = MockJMRClient(listFault: { _, _ in lookupError })
        let store = RecordingStateStore()

        let report = try await ApplyFixtures.apply([ApplyFixtures.plan("nightly")], store: store, client: client)

        #expect(report.results.first?.outcome == .failed)
        #expect(report.results.first?.error?.contains("looking up its planId failed") == true)
        #expect(client.snapshot.plans.count == 1, "the create happened")
        #expect(client.snapshot.creates.count == 1)
        let record = try #require(store.state?.plans["nightly"], "the plan exists, so state must not forget the create")
        #expect(record.pendingCreate != nil)

        // The next run looks it up and adopts it instead of creating again.
        let healthy = MockJMRClient()
        let planId = healthy.seed(ApplyFixtures.request("nightly", ApplyFixtures.spec()))
        let second = try await ApplyFixtures.apply([ApplyFixtures.plan("nightly")], store: store, client: healthy)
        #expect(second.results.first?.outcome == .adopted(updated: false))
        #expect(healthy.snapshot.creates.isEmpty)
        #expect(store.state?.plans["nightly"]?.planId == planId)
    }

    @Test func aPlainRejectionDropsTheIntent() async throws {
        let client = MockJMRClient { _, _ in .before(Failures.invalid) }
        let store = RecordingStateStore()

        let report = try await ApplyFixtures.apply([ApplyFixtures.plan("nightly")], store: store, client: client)

        let result = try #require(report.results.first)
        #expect(result.outcome == .failed)
        #expect(result.requestId == "req-400")
        #expect(result.error?.contains("INVALID_ARGUMENT") == true)
        #expect(client.snapshot.creates.count == 1, "a 4xx is not retried")
        #expect(client.snapshot.lists.isEmpty, "a certain failure needs no lookup")
        // The intent was saved first, then removed again.
        #expect(store.saves.first?.plans["nightly"]?.pendingCreate != nil)
        #expect(store.state?.plans["nightly"] == nil)
    }

    @Test func aPlainRejectionKeepsAnEarlierRecord() async throws {
        // A plan recorded as applied but whose create is re-run (e.g. an earlier intent
        // on top of a record): a certain failure must not lose the planId.
        let spec = ApplyFixtures.spec()
        var state = State(region: ApplyFixtures.region)
        var record = PlanRecord(name: "nightly", planId: 42, spec: spec)
        record.pendingCreate = PendingCreate(startedAt: .now, specHash: SpecHash.of(spec))
        state.plans["nightly"] = record
        let store = InMemoryStateStore(state)
        let client = MockJMRClient { _, _ in .before(Failures.invalid) }

        let report = try await ApplyFixtures.apply([ApplyFixtures.plan("nightly", spec)], store: store, client: client)

        #expect(report.results.first?.outcome == .failed)
        let kept = try #require(store.state?.plans["nightly"])
        #expect(kept.planId == 42)
        #expect(kept.pendingCreate == nil)
    }
}
