import JMRAPI

/// Where the public API pages are silent, the applier's assumptions live here, in one
/// place (see docs and ../shared/reference/jmr-cronjob-api.md, "Working assumptions").
enum APIAssumptions {
    /// Creating a plan whose name is taken fails with a 4xx naming the conflict.
    static func isNameTaken(_ error: JMRError) -> Bool {
        guard error.kind == .http, let status = error.httpStatus, (400..<500).contains(status), status != 429 else {
            return false
        }
        if error.status == "ALREADY_EXISTS" { return true }
        let message = (error.message ?? "").lowercased()
        return message.contains("already exist") || message.contains("name is taken") || message.contains("duplicate")
    }
}
