import Foundation

/// Credentials (and profile settings) found for a run, with where they came from.
public struct ResolvedCredentials: Sendable, Equatable, CustomStringConvertible {
    /// Where credentials were found.
    public enum Source: Sendable, Equatable {
        /// `JDCLOUD_ACCESS_KEY` / `JDCLOUD_SECRET_KEY` / `JDCLOUD_SESSION_TOKEN`.
        case environment
        /// A profile of the jdc CLI's config file.
        case configFile(path: String, profile: String)
    }

    public var credentials: JDCloudCredentials
    public var source: Source
    /// The profile's `region_id`, if any.
    public var regionId: String?
    /// The profile's `endpoint` (a host, or a URL), if any.
    public var endpoint: String?
    /// The profile's `scheme` (`https` or `http`), if any.
    public var scheme: String?
    /// The profile's `timeout` in seconds, if any.
    public var timeoutSeconds: Double?

    /// Creates resolved credentials.
    public init(
        credentials: JDCloudCredentials, source: Source, regionId: String? = nil, endpoint: String? = nil,
        scheme: String? = nil, timeoutSeconds: Double? = nil
    ) {
        self.credentials = credentials
        self.source = source
        self.regionId = regionId
        self.endpoint = endpoint
        self.scheme = scheme
        self.timeoutSeconds = timeoutSeconds
    }

    public var description: String {
        switch source {
        case .environment: "\(credentials.maskedAccessKey) from environment"
        case .configFile(let path, let profile): "\(credentials.maskedAccessKey) from \(path) [\(profile)]"
        }
    }
}

/// Why no credentials could be found.
public struct CredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public var description: String { message }

    static let howToSupply = "set JDCLOUD_ACCESS_KEY and JDCLOUD_SECRET_KEY (and JDCLOUD_SESSION_TOKEN for temporary "
        + "credentials), or configure the jdc CLI (`jdc configure add`) so ~/.jdc/config has a profile with access_key and secret_key"
}

/// Finds JD Cloud credentials the way the jdc CLI does.
///
/// Order: an explicitly requested profile (`--profile`) is read from the config file;
/// otherwise `JDCLOUD_ACCESS_KEY` + `JDCLOUD_SECRET_KEY` (+ optional
/// `JDCLOUD_SESSION_TOKEN`) win; otherwise `~/.jdc/config`, with the profile from
/// `JDC_PROFILE`, else the contents of `~/.jdc/current`, else `default`.
public struct CredentialsResolver: Sendable {
    /// The environment variables to read.
    public var environment: [String: String]
    /// The home directory holding `.jdc/`.
    public var homeDirectory: String

    /// Creates a resolver; by default over the process environment and home directory.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        homeDirectory: String = NSHomeDirectory()
    ) {
        self.environment = environment
        self.homeDirectory = homeDirectory
    }

    /// Resolves credentials, honouring an explicit `profile` first.
    public func resolve(profile explicitProfile: String? = nil) throws(CredentialsError) -> ResolvedCredentials {
        if explicitProfile == nil, let fromEnvironment = try environmentCredentials() {
            return fromEnvironment
        }
        let directory = (homeDirectory as NSString).appendingPathComponent(".jdc")
        let path = (directory as NSString).appendingPathComponent("config")
        let profile = explicitProfile ?? nonEmpty(environment["JDC_PROFILE"]) ?? currentProfile(in: directory) ?? "default"

        guard let data = FileManager.default.contents(atPath: path) else {
            if explicitProfile != nil {
                throw CredentialsError(message: "profile '\(profile)' was requested but \(path) does not exist; " + CredentialsError.howToSupply)
            }
            throw CredentialsError(message: "no JD Cloud credentials found: " + CredentialsError.howToSupply)
        }
        let config = JDCConfigFile(parsing: String(decoding: data, as: UTF8.self))
        guard let section = config.profiles[profile] else {
            let known = config.profiles.keys.sorted().joined(separator: ", ")
            throw CredentialsError(
                message: "profile '\(profile)' not found in \(path) (profiles: \(known.isEmpty ? "none" : known)); " + CredentialsError.howToSupply
            )
        }
        guard let accessKey = nonEmpty(section["access_key"]), let secretKey = nonEmpty(section["secret_key"]) else {
            throw CredentialsError(
                message: "profile '\(profile)' in \(path) lacks access_key or secret_key; " + CredentialsError.howToSupply
            )
        }
        return ResolvedCredentials(
            credentials: JDCloudCredentials(accessKey: accessKey, secretKey: secretKey, sessionToken: nonEmpty(section["session_token"])),
            source: .configFile(path: path, profile: profile),
            regionId: nonEmpty(section["region_id"]),
            endpoint: nonEmpty(section["endpoint"]),
            scheme: nonEmpty(section["scheme"]),
            timeoutSeconds: nonEmpty(section["timeout"]).flatMap(Double.init)
        )
    }

    private func environmentCredentials() throws(CredentialsError) -> ResolvedCredentials? {
        let accessKey = nonEmpty(environment["JDCLOUD_ACCESS_KEY"])
        let secretKey = nonEmpty(environment["JDCLOUD_SECRET_KEY"])
        switch (accessKey, secretKey) {
        case let (accessKey?, secretKey?):
            return ResolvedCredentials(
                credentials: JDCloudCredentials(
                    accessKey: accessKey, secretKey: secretKey, sessionToken: nonEmpty(environment["JDCLOUD_SESSION_TOKEN"])
                ),
                source: .environment
            )
        case (nil, nil):
            return nil
        case (nil, _?):
            throw CredentialsError(message: "JDCLOUD_SECRET_KEY is set but JDCLOUD_ACCESS_KEY is not; " + CredentialsError.howToSupply)
        case (_?, nil):
            throw CredentialsError(message: "JDCLOUD_ACCESS_KEY is set but JDCLOUD_SECRET_KEY is not; " + CredentialsError.howToSupply)
        }
    }

    private func currentProfile(in directory: String) -> String? {
        let path = (directory as NSString).appendingPathComponent("current")
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return nonEmpty(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return value
    }
}

