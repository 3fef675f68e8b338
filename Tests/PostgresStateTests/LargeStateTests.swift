import Foundation
import PlanState
import PostgresState
import Testing

/// A 10,000-plan state through both stores. Always runs once as a test; with
/// `JMR_STATE_BENCH=RUNS` it also times load + save on each store (interleaved runs,
/// medians) and prints the figures: see Benchmarks/state-store-bench.sh.
@Suite struct LargeStateTests {
    @Test func tenThousandPlansRoundTripThroughBothStores() throws {
        let environment = ProcessInfo.processInfo.environment
        let runs = environment["JMR_STATE_BENCH"].flatMap { Int($0) } ?? 0
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jmr-pg-large-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // A generated state (Benchmarks/generate-plans.py) when given, else a synthetic one.
        var state: State
        if let path = environment["JMR_STATE_BENCH_STATE"] {
            state = try #require(try FileStateStore(path: path).load())
            state.serial = 0
        } else {
            state = sampleState(plans: 10_000)
        }
        #expect(state.plans.count >= 10_000)

        let file = FileStateStore(path: directory.appendingPathComponent("state.json").path)
        let postgres = try makeStore()
        var fileState = try file.save(state)
        var postgresState = try postgres.save(state)
        #expect(try file.load() == fileState)
        #expect(try postgres.load() == postgresState)
        guard runs > 0 else { return }

        // One round = what a run that changes one plan does: load, change, save.
        func round(_ store: any StateStore, _ current: inout State) throws -> (load: Duration, save: Duration) {
            let clock = ContinuousClock()
            var loaded: State?
            let load = try clock.measure { loaded = try store.load() }
            var next = try #require(loaded)
            next.plans["plan-bench"] = PlanRecord(name: "plan-bench", planId: Int64(next.serial), requestId: "bench-\(next.serial)")
            let save = try clock.measure { current = try store.save(next) }
            return (load, save)
        }
        var fileTimes: [(load: Duration, save: Duration)] = []
        var postgresTimes: [(load: Duration, save: Duration)] = []
        for _ in 0..<runs {
            fileTimes.append(try round(file, &fileState))
            postgresTimes.append(try round(postgres, &postgresState))
        }
        let size = try Data(contentsOf: URL(fileURLWithPath: file.path)).count
        func median(_ values: [Duration]) -> Double {
            let sorted = values.sorted()
            let middle = sorted[sorted.count / 2]
            return Double(middle.components.seconds) * 1000 + Double(middle.components.attoseconds) / 1e15
        }
        func line(_ name: String, _ times: [(load: Duration, save: Duration)]) -> (Double, Double, Double) {
            let load = median(times.map(\.load))
            let save = median(times.map(\.save))
            let total = median(times.map { $0.load + $0.save })
            print(String(format: "%@: load %.1f ms, save %.1f ms, load+save %.1f ms (median of %d)", name, load, save, total, runs))
            return (load, save, total)
        }
        print("state: \(state.plans.count) plans, \(size) bytes of JSON; store \(postgres.displayName)")
        let f = line("file    ", fileTimes)
        let p = line("postgres", postgresTimes)
        print(String(format: "postgres / file: load %.2fx, save %.2fx, load+save %.2fx", p.0 / f.0, p.1 / f.1, p.2 / f.2))
    }
}
