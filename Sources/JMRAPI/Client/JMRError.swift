/// Any failure of a JMR API call.
///
/// Carries what the server said (HTTP status, JD error code/status/message, requestId)
/// and whether the request may have been committed: `true` after a timeout, a
/// connection lost after sending, a 5xx, or an unreadable success; `false` when it
/// definitely was not (connection refused, 4xx, a request that could not be built).
/// Once any attempt of a call was ambiguous, the call's error stays ambiguous.
public struct JMRError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: Sendable, Equatable {
        /// The server answered with an HTTP error status.
        case http
        /// No response arrived (see `transportError`).
        case transport
        /// A 2xx whose body is not a JMR response.
        case invalidResponse
        /// The request could not be built (bad endpoint, region or body).
        case invalidRequest
        /// The call's overall deadline passed before it could succeed.
        case deadlineExceeded
        /// The calling task was cancelled.
        case cancelled
    }

    public var kind: Kind
    /// The HTTP status, when a response arrived.
    public var httpStatus: Int?
    /// The JD error object's numeric code.
    public var code: Int?
    /// The JD error object's status, e.g. `INVALID_ARGUMENT`.
    public var status: String?
    /// The JD error message, or a description of the local failure.
    public var message: String?
    /// The server's request id, when known.
    public var requestId: String?
    /// The transport failure, for `.transport`.
    public var transportError: TransportError?
    /// Whether the server may have acted on the request.
    public var mayHaveCommitted: Bool
    /// Attempts made before giving up.
    public var attempts: Int
    /// Whether retrying stopped because the shared retry budget ran out.
    public var retryBudgetExhausted: Bool

    /// Creates an error.
    public init(
        kind: Kind, httpStatus: Int? = nil, code: Int? = nil, status: String? = nil, message: String? = nil,
        requestId: String? = nil, transportError: TransportError? = nil, mayHaveCommitted: Bool,
        attempts: Int = 1, retryBudgetExhausted: Bool = false
    ) {
        self.kind = kind
        self.httpStatus = httpStatus
        self.code = code
        self.status = status
        self.message = message
        self.requestId = requestId
        self.transportError = transportError
        self.mayHaveCommitted = mayHaveCommitted
        self.attempts = attempts
        self.retryBudgetExhausted = retryBudgetExhausted
    }

    /// Whether the failure is transient: HTTP 5xx or 429, or a transport failure.
    public var isTransient: Bool {
        switch kind {
        case .http: (httpStatus ?? 0) == 429 || (httpStatus ?? 0) >= 500
        case .transport: transportError != .cancelled
        case .invalidResponse, .invalidRequest, .deadlineExceeded, .cancelled: false
        }
    }

    /// `HTTP 400 INVALID_ARGUMENT: plan name taken (requestId abc)`, and for local
    /// failures e.g. `timed out (the request may have been processed)`.
    public var description: String {
        var text: String
        switch kind {
        case .http:
            text = "HTTP \(httpStatus.map(String.init) ?? "?")"
            if let status { text += " \(status)" }
            text += ": " + (message ?? "no error message")
        case .transport:
            switch transportError {
            case .notSent(let reason): text = "request not sent: \(reason)"
            case .timedOut: text = "timed out"
            case .connectionLost(let reason): text = "connection lost: \(reason)"
            case .cancelled, nil: text = "cancelled"
            }
        case .invalidResponse:
            text = "invalid response" + (httpStatus.map { " (HTTP \($0))" } ?? "") + ": " + (message ?? "")
        case .invalidRequest:
            text = "invalid request: " + (message ?? "")
        case .deadlineExceeded:
            text = "deadline exceeded" + (message.map { ": \($0)" } ?? "")
        case .cancelled:
            text = "cancelled"
        }
        if let requestId { text += " (requestId \(requestId))" }
        var notes: [String] = []
        if attempts > 1 { notes.append("after \(attempts) attempts") }
        if retryBudgetExhausted { notes.append("retry budget exhausted") }
        if mayHaveCommitted { notes.append("the request may have been processed") }
        if !notes.isEmpty { text += " [" + notes.joined(separator: "; ") + "]" }
        return text
    }
}
