import JMRAPI
import PlanConfig
import PlanDiff
import PlanState

/// Reads every plan of a region from the server (`--refresh`, `import --generate`).
public struct Refresher: Sendable {
    /// Plans per list call.
    public static let pageSize = 100

    let client: any JMRClient
    let region: String

    public init(client: any JMRClient, region: String) {
        self.client = client
        self.region = region
    }

    /// Every plan on the server: the first page, then the rest in parallel.
    public func serverPlans() async throws(JMRError) -> [JmrPlanViewModel] {
        let first = try await client.getCronJobList(region: region, planName: nil, pageNum: 1, pageSize: Self.pageSize)
        let total = first.value.totalNum
        let pages = total <= Self.pageSize ? 1 : (total + Self.pageSize - 1) / Self.pageSize
        guard pages > 1 else { return first.value.cronJobs }
        let client = self.client, region = self.region
        let rest: Result<[Int: [JmrPlanViewModel]], JMRError> = await withTaskGroup(of: (Int, Result<[JmrPlanViewModel], JMRError>).self) { group in
            for page in 2...pages {
                group.addTask {
                    do throws(JMRError) {
                        return (page, .success(try await client.getCronJobList(region: region, planName: nil, pageNum: page, pageSize: Self.pageSize).value.cronJobs))
                    } catch {
                        return (page, .failure(error))
                    }
                }
            }
            var byPage: [Int: [JmrPlanViewModel]] = [:]
            for await (page, result) in group {
                switch result {
                case .success(let plans): byPage[page] = plans
                case .failure(let error): return .failure(error)
                }
            }
            return .success(byPage)
        }
        var plans = first.value.cronJobs
        for page in 2...pages { plans += try rest.get()[page] ?? [] }
        // A plan created while paging can shift pages: keep each planId once.
        var seen = Set<Int64>()
        return plans.filter { plan in plan.planId.map { seen.insert($0).inserted } ?? true }
    }

    /// What the server holds for each plan in `state`: matched by planId, then by exact name.
    public func observe(_ state: State) async throws(JMRError) -> ServerObservation {
        let plans = try await serverPlans()
        return Self.observation(of: state, serverPlans: plans)
    }

    static func observation(of state: State, serverPlans plans: [JmrPlanViewModel]) -> ServerObservation {
        var byId: [Int64: JmrPlanViewModel] = [:]
        var byName: [String: JmrPlanViewModel] = [:]
        for plan in plans {
            if let id = plan.planId { byId[id] = plan }
            if let name = plan.planName, byName[name] == nil { byName[name] = plan }
        }
        var observation = ServerObservation()
        for (name, record) in state.plans {
            guard let expected = record.expectedServerSpec else { continue }
            let found = record.planId.flatMap { byId[$0] } ?? byName[name]
            if let found {
                observation.serverSpecs[name] = PlanRequest.spec(from: found, fallback: expected)
                observation.planIds[name] = found.planId
            } else if record.planId != nil {
                observation.deletedOutside.insert(name)
            }
        }
        return observation
    }

    /// `state` updated with what the server holds: plans deleted outside are dropped, and a
    /// drifted plan whose server values now match the files (after normalising) is recorded
    /// as applied, with the server's values as what it stored; a declared plan found by name
    /// under a new planId records that planId. Drift that still differs is left for the
    /// update to repair (and stays visible until then).
    /// Returns nil when there is nothing to learn.
    public static func learned(_ state: State, from observation: ServerObservation, declared: [String: PlanSpec]) -> State? {
        var next = state
        var changed = false
        for name in observation.deletedOutside {
            next.plans[name] = nil
            changed = true
        }
        for (name, server) in observation.serverSpecs {
            guard var record = next.plans[name], let spec = declared[name] else { continue }
            let before = record
            // Found by name under a new planId: a declared plan follows it (an undeclared one
            // keeps state's, so --prune never deletes a plan someone else made again).
            if let planId = observation.planIds[name] { record.planId = planId }
            if record.expectedServerSpec != server, PlanDiff.fieldChanges(fromServer: server, to: spec, record: record).isEmpty {
                record.spec = spec
                record.specHash = SpecHash.of(spec)
                record.serverSpec = server == spec ? nil : server
            }
            guard record != before else { continue }
            next.plans[name] = record
            changed = true
        }
        return changed ? next : nil
    }
}
