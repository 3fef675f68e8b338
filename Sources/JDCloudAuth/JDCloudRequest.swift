/// An HTTP header field; names compare case-insensitively wherever this module looks them up.
public typealias HTTPHeaderField = (name: String, value: String)

/// The parts of an HTTP request that JDCLOUD3-HMAC-SHA256 signs.
///
/// The path and query are kept raw (as written, not parsed by Foundation), so a
/// query such as `filter=a b` is signed exactly as the JD Cloud SDKs sign it.
public struct JDCloudRequest: Sendable {
    /// The HTTP method, e.g. `POST`.
    public var method: String
    /// The URL scheme, e.g. `https`.
    public var scheme: String
    /// The host name or address (IPv6 in brackets), without a port.
    public var host: String
    /// The explicit port, if the URL had one.
    public var port: Int?
    /// The raw path, e.g. `/v1/regions/cn-north-1/cronJob:create`.
    public var path: String
    /// The raw query without the leading `?` (empty for none).
    public var query: String
    /// The headers to send; the signer reads `Content-Type` from here.
    public var headers: [HTTPHeaderField]
    /// The body bytes (empty for none).
    public var body: [UInt8]

    /// Creates a request from its parts.
    public init(
        method: String, scheme: String, host: String, port: Int? = nil,
        path: String, query: String = "", headers: [HTTPHeaderField] = [], body: [UInt8] = []
    ) {
        self.method = method
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Creates a request from a raw absolute URL string such as
    /// `https://host:8443/v1/x:list?filter=a b`, without Foundation URL parsing.
    public init(
        method: String, url: String, headers: [HTTPHeaderField] = [], body: [UInt8] = []
    ) throws(JDCloudRequestError) {
        guard let schemeEnd = url.range(of: "://") else { throw .invalidURL(url) }
        let scheme = String(url[..<schemeEnd.lowerBound])
        guard !scheme.isEmpty else { throw .invalidURL(url) }
        var rest = url[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var query = ""
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        let authority: Substring
        let path: String
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = String(rest[slash...])
        } else {
            authority = rest
            path = "/"
        }
        let hostPort = authority.split(separator: "@").last.map(Substring.init) ?? authority
        var host = hostPort
        var port: Int?
        if let colon = hostPort.lastIndex(of: ":"), !hostPort[colon...].contains("]") {
            host = hostPort[..<colon]
            guard let value = Int(hostPort[hostPort.index(after: colon)...]), (0...65535).contains(value) else {
                throw .invalidURL(url)
            }
            port = value
        }
        guard !host.isEmpty else { throw .invalidURL(url) }
        self.init(
            method: method, scheme: scheme, host: String(host), port: port,
            path: path, query: query, headers: headers, body: body
        )
    }

    /// The `Host` header value as signed (with `:port` unless 80 or 443).
    public var hostHeader: String { Canonicalization.hostHeader(host: host, port: port) }
}

/// A request that cannot be signed.
public enum JDCloudRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is not an absolute `scheme://host[:port]/path[?query]` URL.
    case invalidURL(String)

    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid URL: \(url)"
        }
    }
}
