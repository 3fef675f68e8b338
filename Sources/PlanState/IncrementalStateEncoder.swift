import Foundation
import Synchronization

/// Encodes state to exactly the bytes `StateCoding.encode` gives, re-encoding only the
/// plan records that changed since the last call. Apply saves state after every change,
/// and without this, each save of a large state costs a full JSON encode.
public final class IncrementalStateEncoder: Sendable {
    private let cache = Mutex<[String: (record: PlanRecord, json: [UInt8])]>([:])

    public init() {}

    public func encode(_ state: State) throws -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(256 + state.plans.count * 600)
        func key(_ name: String, depth: Int) throws {
            out += [UInt8](repeating: UInt8(ascii: " "), count: depth * 2)
            out += try Self.scalarJSON(name)
            out += Array(" : ".utf8)
        }
        var fields: [(String, () throws -> Void)] = []
        if let endpoint = state.endpoint { fields.append(("endpoint", { out += try Self.scalarJSON(endpoint) })) }
        fields.append(("formatVersion", { out += Array(String(state.formatVersion).utf8) }))
        fields.append(("lineage", { out += try Self.scalarJSON(state.lineage) }))
        fields.append(("plans", { try self.appendPlans(state.plans, to: &out) }))
        if let region = state.region { fields.append(("region", { out += try Self.scalarJSON(region) })) }
        fields.append(("serial", { out += Array(String(state.serial).utf8) }))

        out += Array("{\n".utf8)
        for (index, field) in fields.enumerated() {
            try key(field.0, depth: 1)
            try field.1()
            out += Array((index == fields.count - 1 ? "\n" : ",\n").utf8)
        }
        out += Array("}\n".utf8)
        return Data(out)
    }

    /// `{ "name" : {record}, ... }` at depth 1, records indented to depth 2.
    private func appendPlans(_ plans: [String: PlanRecord], to out: inout [UInt8]) throws {
        guard !plans.isEmpty else {
            out += Array("{\n\n  }".utf8)
            return
        }
        let names = plans.keys.sorted()
        try cache.withLock { cache in
            if cache.count > plans.count * 2 { cache = cache.filter { plans[$0.key] != nil } }
            out += Array("{\n".utf8)
            for (index, name) in names.enumerated() {
                let record = plans[name]!
                if let hit = cache[name], hit.record == record {
                    out += hit.json
                } else {
                    // `    "name" : {record}` with the record indented to depth 2.
                    let entry = Array("    ".utf8) + (try Self.scalarJSON(name)) + Array(" : ".utf8)
                        + Self.indented(Array(try StateCoding.makeEncoder().encode(record)), by: 4)
                    cache[name] = (record, entry)
                    out += entry
                }
                out += Array((index == names.count - 1 ? "\n" : ",\n").utf8)
            }
        }
        out += Array("  }".utf8)
    }

    /// A JSON string exactly as the state encoder writes it.
    private static func scalarJSON(_ text: String) throws -> [UInt8] {
        let bytes = Array(try StateCoding.makeEncoder().encode([text]))
        // `[\n  "text"\n]` with pretty printing: keep what is between the quotes' ends.
        guard let first = bytes.firstIndex(of: UInt8(ascii: "\"")), let last = bytes.lastIndex(of: UInt8(ascii: "\"")) else {
            return bytes
        }
        return Array(bytes[first...last])
    }

    /// Every line after the first indented by `spaces`.
    private static func indented(_ json: [UInt8], by spaces: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(json.count + json.count / 8)
        for byte in json {
            out.append(byte)
            if byte == UInt8(ascii: "\n") { out += [UInt8](repeating: UInt8(ascii: " "), count: spaces) }
        }
        return out
    }
}
