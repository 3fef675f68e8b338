import CCrypto

/// HMAC-SHA256 over libcrypto's one-shot `HMAC()`.
public enum HMACSHA256 {
    /// Returns the 32-byte HMAC-SHA256 of `message` under `key`.
    public static func authenticationCode(for message: [UInt8], key: [UInt8]) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: SHA256.digestLength)
        var length: UInt32 = 0
        let result = key.withUnsafeBufferPointer { keyBuffer in
            message.withUnsafeBufferPointer { messageBuffer in
                mac.withUnsafeMutableBufferPointer { output in
                    // A zero-length key or message still needs a valid pointer.
                    HMAC(
                        EVP_sha256(),
                        keyBuffer.baseAddress ?? UnsafePointer(bitPattern: 1), Int32(keyBuffer.count),
                        messageBuffer.baseAddress ?? UnsafePointer(bitPattern: 1), messageBuffer.count,
                        output.baseAddress, &length
                    )
                }
            }
        }
        precondition(result != nil && length == UInt32(SHA256.digestLength), "HMAC(SHA-256) failed")
        return mac
    }

    /// Returns the HMAC-SHA256 of the UTF-8 encoding of `message` under `key`.
    public static func authenticationCode(for message: String, key: [UInt8]) -> [UInt8] {
        authenticationCode(for: Array(message.utf8), key: key)
    }
}
