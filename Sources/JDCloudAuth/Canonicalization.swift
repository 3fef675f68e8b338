import Crypto

/// The canonical forms JDCLOUD3-HMAC-SHA256 signs, shared by the signer and the verifier.
///
/// Paths and queries are first percent-decoded (valid `%XX` escapes only) and then
/// re-encoded, so a request signed from a raw URL (`filter=a b`) verifies against the
/// same request as it arrives on the wire (`filter=a%20b`).
enum Canonicalization {
    /// `METHOD\nURI\nQUERY\nHEADERS\n\nSIGNED\nPAYLOAD-HASH`
    static func canonicalRequest(
        method: String, path: String, query: String,
        headers: [(name: String, value: String)], signedHeaders: String, payloadHash: String
    ) -> String {
        var text = method.uppercased() + "\n" + canonicalURI(path) + "\n" + canonicalQuery(query) + "\n"
        for header in headers {
            text += header.name + ":" + header.value + "\n"
        }
        text += "\n" + signedHeaders + "\n" + payloadHash
        return text
    }

    /// The string to sign: algorithm, timestamp, credential scope, hash of the canonical request.
    static func stringToSign(timestamp: String, scope: String, canonicalRequest: String) -> String {
        JDCloudSigner.algorithm + "\n" + timestamp + "\n" + scope + "\n"
            + SHA256.hexHash(Array(canonicalRequest.utf8))
    }

    /// Percent-encodes everything but unreserved characters and `/`; empty becomes `/`.
    static func canonicalURI(_ rawPath: String) -> String {
        guard !rawPath.isEmpty else { return "/" }
        return encode(decode(rawPath), keepSlash: true)
    }

    /// Encodes each `key=value` pair and sorts by key, then value.
    static func canonicalQuery(_ rawQuery: String) -> String {
        var pairs: [(String, String)] = []
        for piece in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = encode(decode(String(parts[0])), keepSlash: false)
            let value = parts.count > 1 ? encode(decode(String(parts[1])), keepSlash: false) : ""
            pairs.append((key, value))
        }
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return pairs.map { $0.0 + "=" + $0.1 }.joined(separator: "&")
    }

    /// A header value as signed: surrounding whitespace trimmed.
    static func canonicalValue(_ value: String) -> String {
        var scalars = Substring(value)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }

    /// The `Host` header value as signed: with `:port` unless the port is absent, 80 or 443.
    static func hostHeader(host: String, port: Int?) -> String {
        guard let port, port != 80, port != 443 else { return host }
        return host + ":" + String(port)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    static func encode(_ bytes: [UInt8], keepSlash: Bool) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        for byte in bytes {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0f)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes valid `%XX` escapes; any other `%` stays literal.
    static func decode(_ string: String) -> [UInt8] {
        let bytes = Array(string.utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    private static func hexValue(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): char - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
