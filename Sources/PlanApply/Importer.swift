import Foundation
import JMRAPI
import PlanConfig
import PlanDiff
import PlanState

/// `import`: adopts declared plans that already exist on the server into state,
/// without changing the server.
public struct Importer: Sendable {
    /// What happened to one declared plan.
    public enum Outcome: Sendable, Equatable {
        /// Recorded with the server's planId and values; `differences` are the fields
        /// that the next apply will update.
        case imported(planId: Int64, differences: [String])
        /// Not on the server: the next apply creates it.
        case notFound
        /// Already in state: nothing to do.
        case alreadyManaged
    }

    let client: any JMRClient
    let region: String
    let now: @Sendable () -> Date

    public init(client: any JMRClient, region: String, now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.region = region
        self.now = now
    }

    /// Looks up each plan not in state by exact name and records what the server holds.
    /// Only list calls are made.
    public func importPlans(_ plans: [Plan], into journal: StateJournal) async throws -> [(name: String, outcome: Outcome)] {
        let state = await journal.current
        var outcomes: [(name: String, outcome: Outcome)] = []
        for plan in plans {
            if let record = state.plans[plan.name], record.planId != nil, record.spec != nil {
                outcomes.append((plan.name, .alreadyManaged))
                continue
            }
            guard let server = try await client.findPlan(named: plan.name, region: region).value, let planId = server.planId else {
                outcomes.append((plan.name, .notFound))
                continue
            }
            let stored = PlanRequest.spec(from: server, fallback: plan.spec)
            let differences = PlanDiff.fieldChanges(from: stored, to: plan.spec).map(\.field)
            let name = plan.name, appliedAt = now()
            try await journal.record {
                $0.plans[name] = PlanRecord(name: name, planId: planId, spec: stored, appliedAt: appliedAt, requestId: nil)
            }
            outcomes.append((plan.name, .imported(planId: planId, differences: differences)))
        }
        return outcomes
    }
}
