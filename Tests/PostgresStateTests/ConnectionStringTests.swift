import Foundation
import PlanState
import PostgresState
import Testing

@Suite struct ConnectionStringTests {
    @Test func displayNameMasksThePassword() throws {
        let url = try TestServer.url()
        let components = try #require(URLComponents(string: url))
        let password = try #require(components.password)
        let store = try PostgresStateStore(connection: url)
        #expect(store.displayName == "postgres://\(components.user!):****@127.0.0.1:\(components.port!)/\(components.path.dropFirst())")
        #expect(!store.displayName.contains(password))

        let named = try PostgresStateStore(connection: url, workspace: "prod", schema: "infra")
        #expect(named.displayName.hasSuffix(":****@127.0.0.1:\(components.port!)/postgres (schema infra, workspace prod)"))
    }

    @Test func keywordStringsWorkAndAreMasked() throws {
        let components = try #require(URLComponents(string: try TestServer.url()))
        let password = try #require(components.password)
        let keywords = "host=127.0.0.1 port=\(components.port!) user=\(components.user!) password='\(password)' dbname=postgres sslmode=disable"
        let workspace = uniqueWorkspace()
        let store = try PostgresStateStore(connection: keywords, workspace: workspace)
        #expect(store.displayName == "postgres://\(components.user!):****@127.0.0.1:\(components.port!)/postgres (workspace \(workspace))")
        #expect(!store.displayName.contains(password))
        let written = try store.save(sampleState(plans: 1))
        #expect(try store.load() == written)
    }

    @Test func connectionErrorsMaskThePassword() throws {
        let password = "s3cret-\(UUID().uuidString)"
        // Nothing listens on port 1.
        let unreachable = try PostgresStateStore(connection: TestServer.url(port: 1, password: password))
        #expect {
            try unreachable.load()
        } throws: { error in
            let text = (error as? StateError)?.description ?? ""
            return text.contains("cannot connect") && text.contains(":****@127.0.0.1:1/") && !text.contains(password)
        }

        let refused = try PostgresStateStore(connection: TestServer.url(password: password))
        #expect {
            try refused.lock(timeout: .seconds(1), holder: holder("me")) { _ in }
        } throws: { error in
            let text = (error as? StateError)?.description ?? ""
            return text.contains("password authentication failed") && !text.contains(password)
        }
    }

    @Test(arguments: [
        // libpq echoes the bad token, which is the password.
        ("postgres://u:bad%zzHUNTER2@127.0.0.1:1/db", ["bad%zzHUNTER2", "HUNTER2"]),
        // libpq echoes the whole URL.
        ("postgres://u:HUNTER2@[::1/db", ["HUNTER2"]),
        // An unquoted space splits the password; libpq echoes the second half.
        ("host=127.0.0.1 password=HUNTER2 second-HALF", ["HUNTER2", "second-HALF"]),
        ("postgres://u@127.0.0.1/db?password=HUNTER2&bogus=1", ["HUNTER2"]),
    ])
    func invalidConnectionStringsDoNotEchoPasswords(connection: String, secrets: [String]) {
        #expect {
            _ = try PostgresStateStore(connection: connection)
        } throws: { error in
            guard case .io(_, let detail) = error as? StateError else { return false }
            return detail.hasPrefix("invalid connection string") && secrets.allSatisfy { !detail.contains($0) }
        }
    }

    @Test func aPasswordWithARawAtSignIsMaskedInTheHostError() throws {
        let store = try PostgresStateStore(connection: "postgres://u:HUNTER@two@127.0.0.1:1/db")
        #expect(!store.displayName.contains("HUNTER"))
        #expect {
            try store.load()
        } throws: { error in
            let text = (error as? StateError)?.description ?? ""
            return !text.contains("HUNTER") && !text.contains("two@")
        }
    }

    /// Lock keys must never change between versions: two versions of jmr-apply running
    /// during an upgrade would otherwise not exclude each other.
    @Test func lockKeysAreStableAndDistinct() throws {
        let url = try TestServer.url()
        let store = try PostgresStateStore(connection: url, workspace: "prod", schema: "jmr_apply")
        #expect(store.lockKey == (try PostgresStateStore(connection: "host=elsewhere", workspace: "prod")).lockKey)
        #expect(store.lockKey == -7_469_688_061_030_288_175)
        let keys = try [("prod", "jmr_apply"), ("prod", "other"), ("dev", "jmr_apply"), ("jmr_apply", "prod")].map {
            try PostgresStateStore(connection: url, workspace: $0.0, schema: $0.1).lockKey
        }
        #expect(Set(keys).count == keys.count)
    }

    @Test func unusableNamesAreRejected() {
        #expect(throws: StateError.self) { try PostgresStateStore(connection: "", workspace: "") }
        #expect(throws: StateError.self) { try PostgresStateStore(connection: "", schema: String(repeating: "s", count: 64)) }
    }
}
