import Foundation
import PlanState
import Synchronization
import Testing

@Suite struct StateLockTests {
    private let holderA = LockHolder(host: "host-a", pid: 1111, user: "alice", since: Date(timeIntervalSince1970: 1_800_000_000), command: "jmr-apply plans/")
    private let holderB = LockHolder(host: "host-b", pid: 2222, user: "bob", since: Date(timeIntervalSince1970: 1_800_000_060), command: "jmr-apply state rm x")

    @Test func secondLockerTimesOutNamingTheHolder() throws {
        try withStateFixture { fixture throws in
            let a = fixture.store(), b = fixture.store()
            try a.lock(timeout: .seconds(1), holder: holderA) { _ in Issue.record("A should not wait") }
            let seen = Mutex<[LockHolder?]>([])
            let error = #expect(throws: StateError.self) {
                try b.lock(timeout: .milliseconds(200), holder: holderB) { holder in seen.withLock { $0.append(holder) } }
            }
            #expect(error == .lockTimeout(store: fixture.statePath, waited: .milliseconds(200), holder: holderA))
            // Reported once while the holder did not change.
            #expect(seen.withLock { $0 } == [holderA])
            try a.unlock()
            try b.lock(timeout: .milliseconds(200), holder: holderB) { _ in Issue.record("B should not wait after A unlocked") }
            try b.unlock()
        }
    }

    @Test func lockFileRecordsTheHolderUntilUnlock() throws {
        try withStateFixture { fixture throws in
            let store = fixture.store()
            try store.lock(timeout: .seconds(1), holder: holderA) { _ in }
            let data = try fixture.bytes(store.lockPath)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            #expect(try decoder.decode(LockHolder.self, from: data) == holderA)
            #expect(try fixture.mode(store.lockPath) == 0o600)
            try store.unlock()
            #expect(try fixture.bytes(store.lockPath).isEmpty)
            // Unlocking twice is harmless.
            try store.unlock()
        }
    }

    @Test func waiterGetsTheLockWhenTheHolderReleasesIt() async throws {
        let fixture = try StateFixture()
        defer { fixture.remove() }
        let a = fixture.store(), b = fixture.store()
        try a.lock(timeout: .seconds(1), holder: holderA) { _ in }
        let release = DispatchQueue.global()
        release.asyncAfter(deadline: .now() + .milliseconds(300)) { try? a.unlock() }
        let waited = Mutex(false)
        let holderB = self.holderB
        // lock(timeout:) blocks while it waits: keep it off the cooperative pool, which
        // the releasing task needs.
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global().async {
                do {
                    try b.lock(timeout: .seconds(10), holder: holderB) { _ in waited.withLock { $0 = true } }
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        #expect(waited.withLock { $0 })
        try b.unlock()
    }
}
