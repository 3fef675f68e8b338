/// A JD Cloud access key pair, optionally with a session token.
///
/// Printing, dumping or interpolating credentials never reveals the secret key or the
/// session token, and shows only the first four characters of the access key.
public struct JDCloudCredentials: Sendable, Equatable {
    /// The access key id (sent in every request's `Authorization` header).
    public var accessKey: String
    /// The secret key (never sent, never printed).
    public var secretKey: String
    /// The temporary session token, sent as `x-jdcloud-security-token` (never printed).
    public var sessionToken: String?

    /// Creates credentials; an empty session token counts as none.
    public init(accessKey: String, secretKey: String, sessionToken: String? = nil) {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.sessionToken = sessionToken?.isEmpty == true ? nil : sessionToken
    }

    /// The access key masked for display: its first four characters followed by `****`.
    public var maskedAccessKey: String { Self.mask(accessKey) }

    /// Masks an access key for display: the first four characters followed by `****`.
    public static func mask(_ accessKey: String) -> String {
        String(accessKey.prefix(4)) + "****"
    }
}

extension JDCloudCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "JDCloudCredentials(accessKey: \(maskedAccessKey), secretKey: <redacted>"
            + (sessionToken == nil ? ")" : ", sessionToken: <redacted>)")
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "accessKey": maskedAccessKey,
            "secretKey": "<redacted>",
            "sessionToken": sessionToken == nil ? "nil" : "<redacted>",
        ])
    }
}
