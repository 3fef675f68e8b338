import Foundation
import JMRAPI
import PlanConfig
import PlanDiff
import PlanState
import Synchronization
import Testing
@testable import PlanApply

/// `Refresher` (paged listing, observation, learned) and `PlanGenerator`.
@Suite("Refresher and PlanGenerator")
struct RefresherTests {
    // MARK: fixtures

    private static func spec(_ schedule: String = "0 30 2 * * ?", jobs: [String] = ["1001"], description: String? = nil, enabled: Bool = true) -> PlanSpec {
        PlanSpec(
            cluster: "jmr-abc123", jobs: jobs, schedule: Schedule(fields: schedule.split(separator: " ").map(String.init)),
            description: description, enabled: enabled
        )
    }

    private static func server(
        _ id: Int64?, _ name: String?, _ schedule: String = "0 30 2 * * ?", jobs: String = "1001", description: String? = nil,
        status: String? = "running"
    ) -> JmrPlanViewModel {
        JmrPlanViewModel(
            clusterId: "jmr-abc123", cronExpression: schedule, dataCenter: "cn-north-1", description: description, jobIds: jobs,
            planId: id, planName: name, planStatus: status
        )
    }

    private static func state(_ records: PlanRecord...) -> State {
        var state = State(region: "cn-north-1")
        for record in records { state.plans[record.name] = record }
        return state
    }

    // MARK: serverPlans

    @Test func oneListCallWhenEverythingFitsOnAPage() async throws {
        let client = ListingClient(plans: (1...100).map { Self.server(Int64($0), "p\($0)") })
        let plans = try await Refresher(client: client, region: "cn-north-1").serverPlans()
        #expect(plans.count == 100)
        #expect(client.calls == [ListingClient.Call(pageNum: 1, pageSize: 100, planName: nil, region: "cn-north-1")])
    }

    @Test func everyPageIsReadOnceInPageOrder() async throws {
        let all = (1...250).map { Self.server(Int64($0), "p\($0)") }
        let client = ListingClient(plans: all)
        let plans = try await Refresher(client: client, region: "cn-north-1").serverPlans()
        #expect(plans.map(\.planId) == all.map(\.planId))
        #expect(client.calls.map(\.pageNum).sorted() == [1, 2, 3])
        #expect(client.calls.allSatisfy { $0.pageSize == Refresher.pageSize && $0.planName == nil })
    }

    @Test func laterPagesAreRequestedTogether() async throws {
        // Pages 2...4 each wait until all three have arrived: only parallel paging finishes.
        let client = ListingClient(plans: (1...400).map { Self.server(Int64($0), "p\($0)") }, barrier: 3)
        let plans = try await Refresher(client: client, region: "cn-north-1").serverPlans()
        #expect(plans.count == 400)
    }

    @Test func aPlanShiftedAcrossPagesIsKeptOnce() async throws {
        // A plan created at the front while paging pushes plan 100 onto page 2 as well.
        let client = ListingClient(plans: (1...150).map { Self.server(Int64($0), "p\($0)") }, repeatOnPageTwo: Self.server(100, "p100"))
        let plans = try await Refresher(client: client, region: "cn-north-1").serverPlans()
        #expect(plans.count == 150)
        #expect(Set(plans.compactMap(\.planId)).count == 150)
    }

    @Test func aFailedPageFailsTheRefresh() async {
        let client = ListingClient(plans: (1...300).map { Self.server(Int64($0), "p\($0)") }, failPage: 3)
        await #expect(throws: JMRError.self) {
            _ = try await Refresher(client: client, region: "cn-north-1").serverPlans()
        }
    }

    // MARK: observation

    @Test func matchesByPlanIdThenByExactName() {
        let state = Self.state(
            PlanRecord(name: "by-id", planId: 1, spec: Self.spec()),
            PlanRecord(name: "by-name", spec: Self.spec()),
            PlanRecord(name: "gone", planId: 3, spec: Self.spec())
        )
        let observation = Refresher.observation(of: state, serverPlans: [
            Self.server(1, "by-id-renamed", description: "drifted"),
            Self.server(2, "by-name", "0 0 3 * * ?"),
            Self.server(4, "gone-but-similar"),
            Self.server(5, "by-id", "0 0 5 * * ?"),
        ])
        #expect(observation.serverSpecs["by-id"] == Self.spec(description: "drifted"), "planId wins over a plan with the same name")
        #expect(observation.serverSpecs["by-name"] == Self.spec("0 0 3 * * ?"))
        #expect(observation.deletedOutside == ["gone"])
        #expect(observation.serverSpecs["gone"] == nil)
        #expect(observation.planIds == ["by-id": 1, "by-name": 2])
    }

    @Test func aPlanMadeAgainUnderTheSameNameIsFoundByName() {
        let state = Self.state(PlanRecord(name: "etl", planId: 1, spec: Self.spec()))
        let observation = Refresher.observation(of: state, serverPlans: [Self.server(9, "etl", "0 0 3 * * ?")])
        #expect(observation.deletedOutside.isEmpty)
        #expect(observation.serverSpecs["etl"] == Self.spec("0 0 3 * * ?"))
        #expect(observation.planIds["etl"] == 9)
    }

    @Test func intentsAndUnknownServerPlansAreIgnored() {
        var intent = PlanRecord(name: "intent")
        intent.pendingCreate = PendingCreate(startedAt: Date(timeIntervalSince1970: 0), specHash: "x")
        let observation = Refresher.observation(of: Self.state(intent), serverPlans: [Self.server(9, "someone-elses")])
        #expect(observation.serverSpecs.isEmpty)
        #expect(observation.deletedOutside.isEmpty, "a create intent was never on the server")
    }

    @Test func serverValuesAreReadAsSpecs() throws {
        let applied = Self.spec("0 0 9 ? * MON-FRI", jobs: ["1", "2"], description: "d")
        let state = Self.state(PlanRecord(name: "p", planId: 1, spec: applied))
        let paused = Refresher.observation(of: state, serverPlans: [Self.server(1, "p", "0 0 9 ? * MON-FRI", jobs: "1, 2", description: "d", status: "paused")])
        #expect(paused.serverSpecs["p"] == Self.spec("0 0 9 ? * MON-FRI", jobs: ["1", "2"], description: "d", enabled: false))
        // Fields the server leaves out are not drift.
        let sparse = Refresher.observation(of: state, serverPlans: [JmrPlanViewModel(planId: 1, planName: "p")])
        #expect(sparse.serverSpecs["p"] == applied)
    }

    @Test func theServerIsComparedWithWhatItStoredNotWhatWasSent() {
        let declared = Self.spec("0 0 9 ? * 2-6")
        let stored = Self.spec("0 0 9 ? * MON-FRI")
        let state = Self.state(PlanRecord(name: "p", planId: 1, spec: declared, serverSpec: stored))
        let observation = Refresher.observation(of: state, serverPlans: [Self.server(1, "p", "0 0 9 ? * MON-FRI")])
        #expect(observation.serverSpecs["p"] == stored)
        let diff = PlanDiff(
            configuration: Configuration(region: "cn-north-1", plans: [Plan(name: "p", spec: declared, location: SourceLocation(file: "f", line: 1, column: 1))]),
            state: state, observation: observation
        )
        #expect(diff.changes.map(\.action) == [.noop])
        #expect(diff.changes.first?.drift.isEmpty == true)
    }

    // MARK: learned

    @Test func nothingToLearnIsNil() {
        let state = Self.state(PlanRecord(name: "p", planId: 1, spec: Self.spec()))
        let observation = ServerObservation(serverSpecs: ["p": Self.spec()])
        #expect(Refresher.learned(state, from: observation, declared: ["p": Self.spec()]) == nil)
    }

    @Test func plansDeletedOutsideAreForgotten() throws {
        let state = Self.state(PlanRecord(name: "gone", planId: 1, spec: Self.spec()), PlanRecord(name: "kept", planId: 2, spec: Self.spec()))
        let learned = try #require(Refresher.learned(state, from: ServerObservation(deletedOutside: ["gone"]), declared: [:]))
        #expect(learned.plans.keys.sorted() == ["kept"])
        #expect(learned.plans["kept"] == state.plans["kept"])
        #expect(learned.lineage == state.lineage)
    }

    @Test func driftMatchingTheFilesIsRecordedAsApplied() throws {
        let declared = Self.spec("0 0 3 * * ?")
        var record = PlanRecord(name: "p", planId: 1, spec: Self.spec(), appliedAt: Date(timeIntervalSince1970: 5), requestId: "r1")
        record.serverSpec = Self.spec(description: "normalised")
        let state = Self.state(record)
        let learned = try #require(Refresher.learned(state, from: ServerObservation(serverSpecs: ["p": declared]), declared: ["p": declared]))
        let next = try #require(learned.plans["p"])
        #expect(next.spec == declared)
        #expect(next.serverSpec == nil)
        #expect(next.expectedServerSpec == declared)
        #expect(next.planId == 1)
        #expect(next.specHash == SpecHash.of(declared), "the hash describes the spec now recorded")
        #expect(next.requestId == "r1")
    }

    @Test func aDeclaredPlanFoundUnderANewPlanIdRecordsIt() throws {
        let state = Self.state(PlanRecord(name: "etl", planId: 1, spec: Self.spec()), PlanRecord(name: "old", planId: 2, spec: Self.spec()))
        let observation = ServerObservation(serverSpecs: ["etl": Self.spec(), "old": Self.spec()], planIds: ["etl": 11, "old": 12])
        let learned = try #require(Refresher.learned(state, from: observation, declared: ["etl": Self.spec()]))
        #expect(learned.plans["etl"]?.planId == 11)
        #expect(learned.plans["etl"]?.spec == Self.spec())
        #expect(learned.plans["old"]?.planId == 2, "an undeclared plan keeps state's planId")
        // Drift that still differs is left for the update, but the planId is learned.
        let drifted = ServerObservation(serverSpecs: ["etl": Self.spec("0 0 3 * * ?")], planIds: ["etl": 11])
        let next = try #require(Refresher.learned(state, from: drifted, declared: ["etl": Self.spec()]))
        #expect(next.plans["etl"]?.planId == 11)
        #expect(next.plans["etl"]?.spec == Self.spec())
    }

    @Test func driftThatDiffersFromTheFilesIsLeftForTheUpdate() {
        let state = Self.state(PlanRecord(name: "p", planId: 1, spec: Self.spec()))
        let observation = ServerObservation(serverSpecs: ["p": Self.spec("0 0 3 * * ?")])
        #expect(Refresher.learned(state, from: observation, declared: ["p": Self.spec()]) == nil)
        #expect(Refresher.learned(state, from: observation, declared: [:]) == nil, "undeclared plans are not learned")
    }

    @Test func driftMatchingTheFilesBesideARecordedNormalisationIsRecorded() throws {
        // Sent 2-6, stored MON-FRI; since then someone set the description the files now declare.
        let declared = Self.spec("0 0 9 ? * 2-6", description: "new")
        let server = Self.spec("0 0 9 ? * MON-FRI", description: "new")
        let state = Self.state(PlanRecord(name: "p", planId: 1, spec: Self.spec("0 0 9 ? * 2-6"), serverSpec: Self.spec("0 0 9 ? * MON-FRI")))
        let learned = try #require(Refresher.learned(state, from: ServerObservation(serverSpecs: ["p": server]), declared: ["p": declared]))
        let next = try #require(learned.plans["p"])
        #expect(next.spec == declared)
        #expect(next.expectedServerSpec == server)
        #expect(next.specHash == SpecHash.of(declared))
        // And the diff agrees: no change from state, none from the server.
        let plans = [Plan(name: "p", spec: declared, location: SourceLocation(file: "f", line: 1, column: 1))]
        let configuration = Configuration(region: "cn-north-1", plans: plans)
        #expect(PlanDiff(configuration: configuration, state: learned).changes.map(\.action) == [.noop])
        let refreshed = PlanDiff(configuration: configuration, state: learned, observation: ServerObservation(serverSpecs: ["p": server]))
        #expect(refreshed.changes.map(\.action) == [.noop])
        #expect(refreshed.changes.first?.drift.isEmpty == true)
    }

    // MARK: PlanGenerator

    @Test func generatorQuotesEverythingItWrites() {
        #expect(PlanGenerator.quote(#"a "b" \c $d"#) == #""a \"b\" \\c $$d""#)
        #expect(PlanGenerator.quote("tab\tnew\nline\u{1}") == #""tab\tnew\nline\x01""#)
        #expect(PlanGenerator.quote("plain") == "\"plain\"")
    }

    @Test func generatedYAMLLoadsBackToTheServersPlans() throws {
        let plans = [
            JmrPlanViewModel(
                az: "cn-north-1a", clusterId: "jmr-abc123", clusterName: "main", cronExpression: "0 15 6 ? * MON",
                description: #"costs $5 "net" ${HOME}"#, failurePolicy: "continue", isSync: true, jobGroup: "g", jobIds: "31, 32",
                jobTrigger: "time", planId: 1, planName: "billing report", planStatus: "running", planType: "cron"
            ),
            Self.server(2, "paused", "0 0 1 * * ?", status: "paused"),
            Self.server(3, "a-first"),
        ]
        let text = PlanGenerator.yaml(for: plans, region: "cn-north-1")
        let configuration = try Self.load(text)
        #expect(configuration.region == "cn-north-1")
        #expect(configuration.plans.map(\.name) == ["a-first", "billing report", "paused"])
        for plan in configuration.plans {
            let server = try #require(plans.first { $0.planName == plan.name })
            #expect(PlanRequest.spec(from: server, fallback: plan.spec) == plan.spec, "\(plan.name) round-trips")
        }
        let billing = try #require(configuration.plans.first { $0.name == "billing report" })
        #expect(billing.spec.description == #"costs $5 "net" ${HOME}"#)
        #expect(billing.spec.jobs == ["31", "32"])
        #expect(billing.spec.sync == true)
        #expect(configuration.plans.first { $0.name == "paused" }?.spec.enabled == false)
    }

    @Test func plansThatCannotBeDeclaredAreCommentedOut() throws {
        let plans = [
            JmrPlanViewModel(cronExpression: "0 0 1 * * ?", jobIds: "1", planId: 1, planName: "no-cluster"),
            JmrPlanViewModel(clusterId: "c", cronExpression: "0 0 1 * * ?", jobIds: " ", planId: 2, planName: "no-jobs"),
            JmrPlanViewModel(clusterId: "c", cronExpression: "0 0 1 * * ? 2030", jobIds: "1", planId: 3, planName: "seven-fields"),
            JmrPlanViewModel(clusterId: "c", cronExpression: "0 0 1 * * ?", jobIds: "1", planId: 4, planName: ""),
        ]
        let text = PlanGenerator.yaml(for: plans, region: "cn-north-1")
        #expect(text.contains("# no-cluster: skipped"))
        #expect(text.contains("# no-jobs: skipped"))
        #expect(text.contains("# seven-fields: skipped"))
        let configuration = try Self.load(text)
        #expect(configuration.plans.isEmpty)
    }

    private static func load(_ yaml: String) throws -> Configuration {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("refresher-\(UUID().uuidString).yaml")
        try Data(yaml.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = ConfigLoader(environment: ["HOME": "/home/someone"]).load(paths: [file.path])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)\n\(yaml)")
        return try #require(result.configuration, "\(yaml)")
    }
}

/// A JMR API that only lists: `plans` paged like the service, every list call recorded.
private final class ListingClient: JMRClient {
    struct Call: Equatable, Sendable {
        var pageNum: Int
        var pageSize: Int
        var planName: String?
        var region: String
    }

    private let plans: [JmrPlanViewModel]
    private let barrier: Int
    private let repeatOnPageTwo: JmrPlanViewModel?
    private let failPage: Int?
    private let recorded = Mutex<[Call]>([])
    private let waiting = Mutex(0)

    /// - Parameters:
    ///   - barrier: pages after the first wait until this many of them are in flight.
    ///   - repeatOnPageTwo: a plan also listed at the start of page 2 (a shifted page).
    ///   - failPage: a page that fails.
    init(plans: [JmrPlanViewModel], barrier: Int = 0, repeatOnPageTwo: JmrPlanViewModel? = nil, failPage: Int? = nil) {
        self.plans = plans
        self.barrier = barrier
        self.repeatOnPageTwo = repeatOnPageTwo
        self.failPage = failPage
    }

    var calls: [Call] { recorded.withLock { $0 } }

    func getCronJobList(region: String, planName: String?, pageNum: Int, pageSize: Int) async throws(JMRError) -> JMRResponse<CronJobList> {
        recorded.withLock { $0.append(Call(pageNum: pageNum, pageSize: pageSize, planName: planName, region: region)) }
        if pageNum > 1, barrier > 0 {
            waiting.withLock { $0 += 1 }
            let deadline = ContinuousClock.now + .seconds(10)
            while waiting.withLock({ $0 }) < barrier {
                guard ContinuousClock.now < deadline else {
                    throw JMRError(kind: .transport, message: "pages were requested one at a time", mayHaveCommitted: false)
                }
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        if pageNum == failPage {
            throw JMRError(kind: .http, httpStatus: 500, status: "INTERNAL", message: "page \(pageNum) failed", mayHaveCommitted: false)
        }
        let start = (pageNum - 1) * pageSize
        var page = start < plans.count ? Array(plans[start..<min(start + pageSize, plans.count)]) : []
        if pageNum == 2, let repeatOnPageTwo { page = [repeatOnPageTwo] + page }
        return JMRResponse(value: CronJobList(cronJobs: page, totalNum: plans.count), metadata: Self.metadata)
    }

    static let metadata = JMRCallMetadata(requestId: "req", httpStatus: 200, attempts: 1, elapsedMilliseconds: 0)

    private static func unsupported() -> JMRError {
        JMRError(kind: .invalidRequest, message: "the refresher only lists", mayHaveCommitted: false)
    }

    func createCronJob(region: String, request: CreateCronJobRequest) async throws(JMRError) -> JMRResponse<StatusResult> { throw Self.unsupported() }
    func getCronJobDetail(region: String, planId: Int64, pageNum: Int, pageSize: Int) async throws(JMRError) -> JMRResponse<CronJobDetail> { throw Self.unsupported() }
    func deleteCronJob(region: String, planId: Int64) async throws(JMRError) -> JMRResponse<StatusResult> { throw Self.unsupported() }
    func pauseCronJob(region: String, planId: Int64) async throws(JMRError) -> JMRResponse<StatusResult> { throw Self.unsupported() }
    func resumeCronJob(region: String, planId: Int64) async throws(JMRError) -> JMRResponse<StatusResult> { throw Self.unsupported() }
    func isValidPlanName(region: String, planName: String, planId: Int64?) async throws(JMRError) -> JMRResponse<StatusResult> { throw Self.unsupported() }
}
