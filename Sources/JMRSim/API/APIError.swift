/// A JD Cloud style API error: `{"code": 400, "status": "INVALID_ARGUMENT", "message": "..."}`,
/// answered with HTTP status `code`.
struct APIError: Error, Sendable, Equatable {
    var code: Int
    var status: String
    var message: String

    init(code: Int, status: String, message: String) {
        self.code = code
        self.status = status
        self.message = message
    }

    static func invalidArgument(_ message: String) -> APIError {
        APIError(code: 400, status: "INVALID_ARGUMENT", message: message)
    }

    /// A plan name taken by another plan in the region (HTTP 400, like the real service's 4xx).
    static func nameTaken(_ name: String, region: String) -> APIError {
        APIError(code: 400, status: "ALREADY_EXISTS", message: "plan name '\(name)' already exists in region \(region)")
    }

    static func planNotFound(_ planId: Int, region: String) -> APIError {
        APIError(code: 404, status: "NOT_FOUND", message: "plan \(planId) not found in region \(region)")
    }

    static func unauthenticated(_ message: String) -> APIError {
        APIError(code: 401, status: "UNAUTHENTICATED", message: message)
    }

    static func requestExpired(_ message: String) -> APIError {
        APIError(code: 401, status: "REQUEST_EXPIRED", message: message)
    }

    static func internalError(_ message: String) -> APIError {
        APIError(code: 500, status: "INTERNAL", message: message)
    }

    static func unavailable(_ message: String) -> APIError {
        APIError(code: 503, status: "UNAVAILABLE", message: message)
    }

    /// The `error` member of a failure body.
    var json: JSONValue {
        ["code": .integer(code), "status": .string(status), "message": .string(message)]
    }
}
