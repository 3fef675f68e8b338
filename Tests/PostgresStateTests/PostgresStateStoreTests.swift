import Foundation
import PlanState
import PostgresState
import Synchronization
import Testing

@Suite struct PostgresStateStoreTests {
    @Test func savedStateLoadsBackEqual() throws {
        let workspace = uniqueWorkspace()
        let store = try makeStore(workspace: workspace)
        #expect(try store.load() == nil)

        var state = sampleState(plans: 3)
        // Beyond a double's exact range: jsonb must keep it exactly.
        state.plans["big"] = PlanRecord(name: "big", planId: 9_007_199_254_740_993, appliedAt: date("2024-02-03T04:05:06Z"))
        let first = try store.save(state)
        #expect(first.serial == 1)
        #expect(first.lineage == state.lineage)
        #expect(try store.load() == first)

        var changed = first
        changed.plans["plan-1"]?.requestId = "req-updated"
        changed.plans["plan-2"] = nil
        let second = try store.save(changed)
        #expect(second.serial == 2)

        // A fresh connection sees exactly what was written.
        let reloaded = try makeStore(workspace: workspace).load()
        #expect(reloaded == second)
        #expect(reloaded?.lineage == state.lineage)
        #expect(reloaded?.plans["big"]?.planId == 9_007_199_254_740_993)
    }

    @Test func storedDocumentIsTheFileStoresDocument() throws {
        let workspace = uniqueWorkspace()
        let store = try makeStore(workspace: workspace)
        let written = try store.save(sampleState(plans: 4))

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jmr-pg-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fileStore = FileStateStore(path: directory.appendingPathComponent("state.json").path)
        var unsaved = written
        unsaved.serial -= 1
        #expect(try fileStore.save(unsaved) == written)

        let fileDocument = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fileStore.path)))
        let rows = try psql("SELECT data FROM jmr_apply.states WHERE workspace = '\(workspace)';")
        #expect(rows.count == 1)
        let databaseDocument = try JSONSerialization.jsonObject(with: Data(rows.joined().utf8))
        #expect((fileDocument as? NSDictionary) == (databaseDocument as? NSDictionary))
        #expect((databaseDocument as? NSDictionary)?["serial"] as? Int == 1)
    }

    @Test func losingWriterGetsConflictAndOverwritesNothing() throws {
        let workspace = uniqueWorkspace()
        let first = try makeStore(workspace: workspace)
        let second = try makeStore(workspace: workspace)
        _ = try first.save(sampleState(plans: 1))

        let seenByFirst = try #require(try first.load())
        let seenBySecond = try #require(try second.load())
        #expect(seenByFirst.serial == 1 && seenBySecond.serial == 1)

        var fromFirst = seenByFirst
        fromFirst.plans["from-first"] = PlanRecord(name: "from-first", planId: 1)
        let winner = try first.save(fromFirst)
        #expect(winner.serial == 2)

        var fromSecond = seenBySecond
        fromSecond.plans["from-second"] = PlanRecord(name: "from-second", planId: 2)
        #expect(throws: StateError.conflict(store: second.displayName, expectedSerial: 1, foundSerial: 2)) {
            try second.save(fromSecond)
        }
        let stored = try second.load()
        #expect(stored == winner)
        #expect(stored?.plans["from-second"] == nil)
    }

    @Test func firstWriteConflictsWhenStateAppeared() throws {
        let workspace = uniqueWorkspace()
        let first = try makeStore(workspace: workspace)
        let second = try makeStore(workspace: workspace)
        #expect(try first.load() == nil)
        #expect(try second.load() == nil)

        let winner = try first.save(State(region: "cn-north-1"))
        let loser = State(region: "cn-east-2")
        #expect(throws: StateError.conflict(store: second.displayName, expectedSerial: 0, foundSerial: 1)) {
            try second.save(loser)
        }
        #expect(try second.load() == winner)
    }

    @Test func saveOnAMissingStateConflicts() throws {
        let store = try makeStore()
        var state = State(region: "cn-north-1")
        state.serial = 3
        #expect(throws: StateError.conflict(store: store.displayName, expectedSerial: 3, foundSerial: nil)) {
            try store.save(state)
        }
        #expect(try store.load() == nil)
    }

    @Test func concurrentWritersFromTheSameSerialHaveOneWinner() throws {
        let workspace = uniqueWorkspace()
        let base = try makeStore(workspace: workspace).save(sampleState(plans: 2))
        let writers = 6
        let stores = try (0..<writers).map { _ in try makeStore(workspace: workspace) }
        let outcomes = Mutex<[Result<State, StateError>]>([])
        DispatchQueue.concurrentPerform(iterations: writers) { index in
            var state = base
            state.plans["writer-\(index)"] = PlanRecord(name: "writer-\(index)")
            let outcome = Result(catching: { () throws(StateError) -> State in try stores[index].save(state) })
            outcomes.withLock { $0.append(outcome) }
        }
        let results = outcomes.withLock { $0 }
        let winners = results.compactMap { try? $0.get() }
        #expect(winners.count == 1)
        for case .failure(let error) in results {
            guard case .conflict(_, expectedSerial: 1, foundSerial: 2) = error else {
                Issue.record("unexpected error: \(error)")
                continue
            }
        }
        #expect(try makeStore(workspace: workspace).load() == winners.first)
    }

    @Test func unknownFormatVersionIsReported() throws {
        let workspace = uniqueWorkspace()
        let store = try makeStore(workspace: workspace)
        #expect(try store.load() == nil)
        try psql("""
            INSERT INTO jmr_apply.states (workspace, lineage, serial, data)
            VALUES ('\(workspace)', 'l', 1, '{"formatVersion": 99, "lineage": "l", "serial": 1}');
            """)
        #expect(throws: StateError.unknownFormatVersion(store: store.displayName, found: 99)) {
            try store.load()
        }
    }

    @Test func corruptDocumentsAreReported() throws {
        let store = try makeStore()
        #expect(try store.load() == nil)
        try psql("""
            INSERT INTO jmr_apply.states (workspace, lineage, serial, data)
            VALUES ('\(store.workspace)', 'l', 1, '{"lineage": "l", "serial": 1}');
            """)
        #expect(throws: StateError.corrupt(store: store.displayName, detail: "no formatVersion", backup: nil)) {
            try store.load()
        }

        // The serial column and the document disagree: someone edited one of them.
        let edited = try makeStore()
        let written = try edited.save(sampleState(plans: 1))
        try psql("UPDATE jmr_apply.states SET serial = 7 WHERE workspace = '\(edited.workspace)';")
        #expect {
            try edited.load()
        } throws: { error in
            guard case .corrupt(_, let detail, _) = error as? StateError else { return false }
            return detail.contains("7") && detail.contains("\(written.serial)")
        }
    }
}
