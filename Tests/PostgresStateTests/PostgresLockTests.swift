import Foundation
import PlanState
import PostgresState
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct PostgresLockTests {
    @Test func aWaiterReportsTheHolderAndTimesOutWithIt() throws {
        let store = try makeStore()
        #expect(try store.load() == nil)
        let other = try Psql(url: TestServer.url())
        defer { other.killHard() }
        let first = holder("a", pid: 111)
        let second = holder("b", pid: 222)
        try other.run("SELECT pg_advisory_lock(\(store.lockKey));")
        try other.run(insertHolderSQL(first, workspace: store.workspace))

        var reported: [LockHolder?] = []
        #expect(throws: StateError.lockTimeout(store: store.displayName, waited: .seconds(3), holder: second)) {
            try store.lock(timeout: .seconds(3), holder: holder("me")) { current in
                reported.append(current)
                // The holder row changes while we wait (as when the lock changes hands).
                if reported.count == 1 { _ = try? other.run(insertHolderSQL(second, workspace: store.workspace)) }
            }
        }
        #expect(reported == [first, second])
    }

    @Test func killingTheHolderProcessFreesTheLock() throws {
        let store = try makeStore()
        #expect(try store.load() == nil)
        let other = try Psql(url: TestServer.url())
        try other.run("SELECT pg_advisory_lock(\(store.lockKey));")
        let stale = holder("killed", pid: other.pid)
        try other.run(insertHolderSQL(stale, workspace: store.workspace))

        let me = holder("me", pid: 333)
        var reported: [LockHolder?] = []
        try store.lock(timeout: .seconds(60), holder: me) { current in
            reported.append(current)
            if reported.count == 1 { other.killHard() }
        }
        #expect(reported.first == stale)
        defer { try? store.unlock() }

        // The stale row was replaced by ours: a third party sees us as the holder.
        let third = try makeStore(workspace: store.workspace)
        #expect(throws: StateError.lockTimeout(store: third.displayName, waited: .zero, holder: me)) {
            try third.lock(timeout: .zero, holder: holder("third")) { _ in }
        }
    }

    @Test func theLockIsVisibleToOtherProcessesAndReleased() throws {
        let store = try makeStore()
        try store.lock(timeout: .seconds(5), holder: holder("me")) { _ in }
        #expect(try psql("SELECT pg_try_advisory_lock(\(store.lockKey));") == ["f"])
        #expect(try psql("SELECT count(*) FROM jmr_apply.lock_holders WHERE workspace = '\(store.workspace)';") == ["1"])
        try store.unlock()
        #expect(try psql("SELECT count(*) FROM jmr_apply.lock_holders WHERE workspace = '\(store.workspace)';") == ["0"])
        #expect(try psql("SELECT pg_try_advisory_lock(\(store.lockKey));") == ["t"])
    }

    @Test func lockingTwiceNeedsOneUnlock() throws {
        let store = try makeStore()
        try store.unlock()  // Not locked: nothing to do.
        try store.lock(timeout: .seconds(5), holder: holder("me")) { _ in }
        try store.lock(timeout: .seconds(5), holder: holder("me")) { _ in }
        try store.unlock()
        #expect(try psql("SELECT pg_try_advisory_lock(\(store.lockKey));") == ["t"])
    }

    @Test func distinctWorkspacesAndSchemasDoNotBlockEachOther() throws {
        let schema = uniqueSchema()
        defer { dropSchema(schema) }
        let workspace = uniqueWorkspace()
        let holding = try makeStore(workspace: workspace)
        let otherWorkspace = try makeStore()
        let otherSchema = try makeStore(workspace: workspace, schema: schema)
        let sameWorkspace = try makeStore(workspace: workspace)
        #expect(Set([holding.lockKey, otherWorkspace.lockKey, otherSchema.lockKey]).count == 3)
        #expect(sameWorkspace.lockKey == holding.lockKey)

        let me = holder("holding")
        try holding.lock(timeout: .seconds(5), holder: me) { _ in }
        try otherWorkspace.lock(timeout: .zero, holder: holder("w")) { _ in }
        try otherSchema.lock(timeout: .zero, holder: holder("s")) { _ in }
        #expect(throws: StateError.lockTimeout(store: sameWorkspace.displayName, waited: .zero, holder: me)) {
            try sameWorkspace.lock(timeout: .zero, holder: holder("same")) { _ in }
        }
        try holding.unlock()
        try otherWorkspace.unlock()
        try otherSchema.unlock()
        try sameWorkspace.lock(timeout: .zero, holder: holder("same")) { _ in }
        try sameWorkspace.unlock()
    }

    @Test func aDroppedConnectionLosesTheLockAndSaysSo() throws {
        let workspace = uniqueWorkspace()
        let store = try makeStore(workspace: workspace)
        let written = try store.save(sampleState(plans: 1))
        try store.lock(timeout: .seconds(5), holder: holder("me")) { _ in }
        try terminateLockHolder(store.lockKey)

        // No silent reconnect: the save fails and says the lock is gone.
        var changed = written
        changed.plans["after"] = PlanRecord(name: "after")
        #expect(throws: StateError.self) { try store.save(changed) }
        do {
            _ = try store.save(changed)
        } catch {
            #expect(error.description.contains("lost the connection to the server while holding the lock"))
        }
        #expect(throws: StateError.self) { try store.unlock() }

        // The server freed the lock; the state is unchanged; the store works again.
        let other = try makeStore(workspace: workspace)
        try other.lock(timeout: .zero, holder: holder("other")) { _ in }
        try other.unlock()
        #expect(try store.load() == written)
        try store.lock(timeout: .seconds(5), holder: holder("me")) { _ in }
        try store.unlock()
    }

    @Test func unlockAfterADroppedConnectionFails() throws {
        let store = try makeStore()
        try store.lock(timeout: .seconds(5), holder: holder("me")) { _ in }
        try terminateLockHolder(store.lockKey)
        #expect {
            try store.unlock()
        } throws: { error in
            (error as? StateError)?.description.contains("lost the connection") == true
        }
        try store.unlock()  // Reported once; the store is unlocked now.
    }

    /// Ends the server session holding advisory lock `key`, as a network failure would.
    private func terminateLockHolder(_ key: Int64) throws {
        let terminated = try psql("""
            SELECT pg_terminate_backend(pid, 10000) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND objsubid = 1
              AND ((classid::bigint << 32) | objid::bigint) = \(key);
            """)
        #expect(terminated == ["t"])
    }
}
