/// The 64-bit keys of the store's advisory locks.
///
/// FNV-1a over a tagged, NUL-separated byte string: stable across processes, machines
/// and server versions, and distinct per (schema, workspace), so two schemas (or two
/// tools) in one database never share a lock. Advisory locks are per database already.
enum LockKey {
    /// The session lock that serialises runs on one workspace.
    static func workspace(schema: String, workspace: String) -> Int64 {
        hash("jmr-apply\u{0}workspace\u{0}\(schema)\u{0}\(workspace)")
    }

    /// The transaction lock that serialises creating or migrating one schema.
    static func schemaSetup(schema: String) -> Int64 {
        hash("jmr-apply\u{0}schema\u{0}\(schema)")
    }

    static func hash(_ text: String) -> Int64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: value)
    }
}
