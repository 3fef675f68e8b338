import Foundation
import PlanState
import PostgresState
import Synchronization
import Testing

@Suite struct PostgresSchemaTests {
    @Test func processesRacingToCreateTheSchemaAllSucceed() throws {
        // Quotes, spaces and capitals exercise identifier quoting.
        let schema = "Jmr \"Test\" " + uniqueSchema()
        defer { dropSchema(schema) }
        let stores = try (0..<6).map { _ in try makeStore(schema: schema) }
        let errors = Mutex<[StateError]>([])
        DispatchQueue.concurrentPerform(iterations: stores.count) { index in
            do throws(StateError) {
                _ = try stores[index].load()
            } catch {
                errors.withLock { $0.append(error) }
            }
        }
        #expect(errors.withLock { $0 } == [])
        let tables = try psql("""
            SELECT table_name FROM information_schema.tables WHERE table_schema = '\(schema)' ORDER BY table_name;
            """)
        #expect(tables == ["lock_holders", "schema_version", "states"])
        #expect(try psql("SELECT version FROM \(quoted(schema)).schema_version;") == ["1"])
    }

    @Test func aNewerLayoutIsRefused() throws {
        let schema = uniqueSchema()
        defer { dropSchema(schema) }
        #expect(try makeStore(schema: schema).load() == nil)
        try psql("INSERT INTO \(quoted(schema)).schema_version (version) VALUES (2);")
        let store = try makeStore(schema: schema)
        #expect {
            try store.load()
        } throws: { error in
            guard case .io(_, let detail) = error as? StateError else { return false }
            return detail.contains("layout version 2")
        }
    }

    /// A role that may use the tables but not create schemas still works once they exist.
    @Test func anExistingSchemaNeedsNoCreateRights() throws {
        let schema = uniqueSchema()
        let role = "jmr_user_" + UUID().uuidString.prefix(8).lowercased()
        let password = "pw-" + UUID().uuidString
        defer {
            dropSchema(schema)
            _ = try? psql("DROP ROLE IF EXISTS \(role);")
        }
        #expect(try makeStore(schema: schema).load() == nil)
        try psql("""
            CREATE ROLE \(role) LOGIN PASSWORD '\(password)';
            GRANT USAGE ON SCHEMA "\(schema)" TO \(role);
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "\(schema)" TO \(role);
            """)
        var components = URLComponents(string: try TestServer.url())!
        components.user = role
        components.password = password
        let store = try PostgresStateStore(connection: components.string!, workspace: uniqueWorkspace(), schema: schema)
        let written = try store.save(sampleState(plans: 2))
        #expect(try store.load() == written)
        try store.lock(timeout: .seconds(5), holder: holder("limited")) { _ in }
        try store.unlock()

        // Without the schema, that role cannot create it: the error says why.
        let other = try PostgresStateStore(connection: components.string!, workspace: uniqueWorkspace(), schema: uniqueSchema())
        #expect {
            try other.load()
        } throws: { error in
            guard case .io(_, let detail) = error as? StateError else { return false }
            return detail.contains("cannot prepare schema") && detail.contains("permission denied") && !detail.contains(password)
        }
    }
}
