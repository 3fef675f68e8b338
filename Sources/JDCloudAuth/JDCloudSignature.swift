/// The result of signing one request: the headers to send and the intermediate forms.
///
/// Its description redacts the signature; log `method`/`path` from the request instead.
public struct JDCloudSignature: Sendable {
    /// The canonical request that was hashed.
    public let canonicalRequest: String
    /// The string that was signed.
    public let stringToSign: String
    /// The value of the `Authorization` header (contains the signature: never log it).
    public let authorization: String
    /// The hex signature (never log it).
    public let signature: String
    /// The `;`-separated signed header names.
    public let signedHeaders: String
    /// The hex SHA-256 of the body (`x-jdcloud-content-sha256`).
    public let contentSHA256: String
    /// The `x-jdcloud-date` value.
    public let timestamp: String
    /// The `x-jdcloud-nonce` value.
    public let nonce: String
    /// The headers the signer adds: `Authorization`, `x-jdcloud-date`, `x-jdcloud-nonce`,
    /// `x-jdcloud-content-sha256` and, with a session token, `x-jdcloud-security-token`.
    public let headers: [HTTPHeaderField]
}

extension JDCloudSignature: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "JDCloudSignature(timestamp: \(timestamp), nonce: \(nonce), signedHeaders: \(signedHeaders), signature: <redacted>)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["timestamp": timestamp, "nonce": nonce, "signedHeaders": signedHeaders, "signature": "<redacted>"])
    }
}
