import PlanState
import Testing

@Suite struct InMemoryStateStoreTests {
    @Test func savesIncrementTheSerial() throws {
        let store = InMemoryStateStore()
        #expect(try store.load() == nil)
        let first = try store.save(state())
        #expect(first.serial == 1)
        let second = try store.save(first)
        #expect(second.serial == 2)
        #expect(store.state == second)
    }

    @Test func compareAndSwapConflict() throws {
        let store = InMemoryStateStore(try InMemoryStateStore().save(state()))
        let a = try #require(try store.load())
        var b = try #require(try store.load())
        _ = try store.save(a)
        b.plans["other"] = PlanRecord(name: "other")
        #expect(throws: StateError.conflict(store: "(memory)", expectedSerial: 1, foundSerial: 2)) { try store.save(b) }
        #expect(store.state?.serial == 2)
        #expect(store.state?.plans["other"] == nil)
    }

    @Test func firstSaveConflictsWithAnExistingState() throws {
        let store = InMemoryStateStore()
        _ = try store.save(state())
        #expect(throws: StateError.conflict(store: "(memory)", expectedSerial: 0, foundSerial: 1)) {
            try store.save(State(region: "cn-north-1"))
        }
    }

    @Test func lockIsExclusive() throws {
        let store = InMemoryStateStore()
        let holder = LockHolder.current(command: "test")
        try store.lock(timeout: .zero, holder: holder) { _ in }
        #expect(throws: StateError.self) { try store.lock(timeout: .zero, holder: holder) { _ in } }
        try store.unlock()
        try store.lock(timeout: .zero, holder: holder) { _ in }
    }
}
