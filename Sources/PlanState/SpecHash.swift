import Crypto
import Foundation
import PlanConfig

/// The stable hash of a spec: SHA-256 of its canonical (sorted-key) JSON.
public enum SpecHash {
    public static func of(_ spec: PlanSpec) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(spec)) ?? Data()
        return SHA256.hexHash([UInt8](data))
    }
}
