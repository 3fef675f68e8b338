/// Where the JMR API lives: scheme, host, optional port and path prefix.
/// Calls go to `<scheme>://<host>[:port]<prefix>/v1/regions/…`.
public struct JMREndpoint: Sendable, Equatable, CustomStringConvertible {
    /// The production endpoint, `https://idata-jmr-api.jcloud.com`.
    public static let production = JMREndpoint(scheme: "https", host: "idata-jmr-api.jcloud.com")

    public var scheme: String
    public var host: String
    public var port: Int?
    /// A path prefix before `/v1`, without a trailing slash (usually empty).
    public var pathPrefix: String

    /// Creates an endpoint from parts.
    public init(scheme: String, host: String, port: Int? = nil, pathPrefix: String = "") {
        self.scheme = scheme.lowercased()
        self.host = host
        self.port = port
        self.pathPrefix = pathPrefix
    }

    /// Parses `http(s)://host[:port][/prefix]`; a trailing `/v1` is accepted and dropped,
    /// and so is a port that is the scheme's default.
    public init(_ text: String) throws(JMREndpointError) {
        let request: JDCloudRequest
        do {
            request = try JDCloudRequest(method: "GET", url: text)
        } catch {
            throw JMREndpointError(endpoint: text, reason: "expected scheme://host[:port], e.g. http://127.0.0.1:8080")
        }
        let scheme = request.scheme.lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw JMREndpointError(endpoint: text, reason: "scheme must be http or https")
        }
        guard request.query.isEmpty else { throw JMREndpointError(endpoint: text, reason: "must not have a query") }
        var prefix = request.path
        while prefix.hasSuffix("/") { prefix.removeLast() }
        if prefix.hasSuffix("/v1") { prefix.removeLast(3) }
        let defaultPort = scheme == "https" ? 443 : 80
        let port = request.port == defaultPort ? nil : request.port
        self.init(scheme: scheme, host: request.host, port: port, pathPrefix: prefix)
    }

    /// `scheme://host[:port]` (port only when given).
    public var origin: String {
        scheme + "://" + host + (port.map { ":\($0)" } ?? "")
    }

    public var description: String { origin + pathPrefix }
}

/// An endpoint that cannot be used.
public struct JMREndpointError: Error, Sendable, Equatable, CustomStringConvertible {
    public var endpoint: String
    public var reason: String

    public var description: String { "invalid JMR endpoint '\(endpoint)': \(reason)" }
}
