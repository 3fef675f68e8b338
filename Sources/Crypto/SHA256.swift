import CCrypto

/// SHA-256 over libcrypto's EVP digest API.
public enum SHA256 {
    /// The length of a SHA-256 digest in bytes.
    public static let digestLength = 32

    /// Returns the 32-byte SHA-256 digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: digestLength)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        precondition(ok == 1 && length == UInt32(digestLength), "EVP_Digest(SHA-256) failed")
        return digest
    }

    /// Returns the SHA-256 digest of the UTF-8 encoding of `string`.
    public static func hash(_ string: String) -> [UInt8] {
        hash(Array(string.utf8))
    }

    /// Returns the digest of `bytes` as lower-case hex.
    public static func hexHash(_ bytes: [UInt8]) -> String {
        hash(bytes).hexString
    }
}
