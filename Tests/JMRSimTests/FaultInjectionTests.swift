import Foundation
import Testing
@testable import JMRSim

@Suite("Fault injection")
struct FaultInjectionTests {
    /// What a client observed for one call.
    enum Observed: Equatable {
        case status(Int)
        case dropped
    }

    /// Sends `count` creates of distinct names, one connection each, in order.
    func run(seed: UInt64, count: Int = 60) throws -> (observed: [Observed], created: Set<String>) {
        let sim = try TestServer { options in
            options.seed = seed
            options.failRate = 0.2
            options.failAfterCommitRate = 0.2
            options.dropRate = 0.2
        }
        var observed: [Observed] = []
        for index in 0..<count {
            do {
                observed.append(.status(try sim.create("plan-\(index)").status))
            } catch RawHTTPError.closed {
                observed.append(.dropped)
            }
        }
        return (observed, Set(sim.server.plans.map(\.planName)))
    }

    @Test func sameSeedGivesTheSameOutcomes() throws {
        let first = try run(seed: 42)
        let second = try run(seed: 42)
        #expect(first.observed == second.observed)
        #expect(first.created == second.created)
        let other = try run(seed: 43)
        #expect(other.observed != first.observed)
    }

    @Test func outcomesFollowTheDocumentedDrawSequence() throws {
        let seed: UInt64 = 7
        let count = 60
        let result = try run(seed: seed, count: count)
        var generator = SplitMix64(seed: seed)
        var kinds: Set<FaultOutcome> = []
        for index in 0..<count {
            let pick = generator.nextUnit(), timing = generator.nextUnit()
            let expected = FaultInjector.outcome(pick: pick, dropTiming: timing, dropRate: 0.2, failRate: 0.2, failAfterCommitRate: 0.2)
            kinds.insert(expected)
            let name = "plan-\(index)"
            switch expected {
            case .none:
                #expect(result.observed[index] == .status(200))
                #expect(result.created.contains(name))
            case .failBeforeChange:
                #expect(result.observed[index] == .status(500))
                #expect(!result.created.contains(name))
            case .failAfterCommit:
                #expect(result.observed[index] == .status(503))
                #expect(result.created.contains(name))
            case .dropBeforeChange:
                #expect(result.observed[index] == .dropped)
                #expect(!result.created.contains(name))
            case .dropAfterChange:
                #expect(result.observed[index] == .dropped)
                #expect(result.created.contains(name))
            }
        }
        // The seed exercises every kind of outcome.
        #expect(kinds == Set(FaultOutcome.allCases))
    }

    @Test func faultBodiesAndStatistics() throws {
        let sim = try TestServer { options in
            options.failRate = 1
        }
        let failed = try sim.create("etl")
        #expect(failed.status == 500)
        #expect(failed.errorStatus == "INTERNAL")
        #expect(sim.server.plans.isEmpty)
        // Inspection is never faulted.
        let stats = try sim.get("/__sim/stats")
        #expect(stats.status == 200)
        #expect(stats.json?["faults"]?["failBeforeChange"]?.intValue == 1)
        #expect(stats.json?["calls"]?["cronJob:create"]?.intValue == 1)

        let unavailable = try TestServer { $0.failAfterCommitRate = 1 }
        let response = try unavailable.create("etl")
        #expect(response.status == 503)
        #expect(response.errorStatus == "UNAVAILABLE")
        #expect(unavailable.server.plans.map(\.planName) == ["etl"])
        #expect(unavailable.server.statistics.changes == 1)
    }

    @Test func latencyDelaysApiCalls() throws {
        let sim = try TestServer { $0.latencyMilliseconds = 300 }
        let start = Date()
        _ = try sim.list()
        #expect(Date().timeIntervalSince(start) >= 0.3)
    }

    @Test func rateAndDrawMapping() {
        #expect(FaultInjector.outcome(pick: 0.05, dropTiming: 0.2, dropRate: 0.1, failRate: 0.1, failAfterCommitRate: 0.1) == .dropAfterChange)
        #expect(FaultInjector.outcome(pick: 0.05, dropTiming: 0.7, dropRate: 0.1, failRate: 0.1, failAfterCommitRate: 0.1) == .dropBeforeChange)
        #expect(FaultInjector.outcome(pick: 0.15, dropTiming: 0.2, dropRate: 0.1, failRate: 0.1, failAfterCommitRate: 0.1) == .failBeforeChange)
        #expect(FaultInjector.outcome(pick: 0.25, dropTiming: 0.2, dropRate: 0.1, failRate: 0.1, failAfterCommitRate: 0.1) == .failAfterCommit)
        #expect(FaultInjector.outcome(pick: 0.35, dropTiming: 0.2, dropRate: 0.1, failRate: 0.1, failAfterCommitRate: 0.1) == .none)
        // SplitMix64 reference values for seed 0 (from the published algorithm).
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    }
}
