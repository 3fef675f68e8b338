import JDCloudAuth
import Foundation

/// One signed HTTP request, ready to send.
public struct TransportRequest: Sendable {
    /// The HTTP method.
    public var method: String
    /// The absolute URL, already percent-encoded where needed.
    public var url: String
    /// The headers, including the signature headers.
    public var headers: [HTTPHeaderField]
    /// The body bytes.
    public var body: [UInt8]
    /// How long this attempt may take in total.
    public var timeout: Duration

    /// Creates a request.
    public init(method: String, url: String, headers: [HTTPHeaderField], body: [UInt8], timeout: Duration) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The first value of the header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// An HTTP response: any status, headers and body.
public struct TransportResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeaderField]
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [HTTPHeaderField] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Why no HTTP response arrived. The cases separate "the server certainly did not
/// process the request" from "it may have".
public enum TransportError: Error, Sendable, Equatable {
    /// The request never reached the server (connection refused, DNS or TLS failure).
    case notSent(String)
    /// No complete response within the attempt's timeout; the server may have processed it.
    case timedOut
    /// The connection failed after the request was (possibly) sent.
    case connectionLost(String)
    /// The task was cancelled.
    case cancelled

    /// Whether the server may have acted on the request.
    public var mayHaveBeenProcessed: Bool {
        switch self {
        case .notSent: false
        case .timedOut, .connectionLost, .cancelled: true
        }
    }
}

/// Sends HTTP requests. `HTTPJMRClient` uses `URLSessionTransport`; tests inject a scripted one.
public protocol Transport: Sendable {
    /// Sends `request` and returns whatever HTTP response arrives, or why none did.
    func send(_ request: TransportRequest) async throws(TransportError) -> TransportResponse
}
