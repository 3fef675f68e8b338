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

    /// `planStatus` says whether a plan is paused; nil when the server did not say.
    static func isPaused(_ planStatus: String?) -> Bool? {
        guard let status = planStatus?.lowercased(), !status.isEmpty else { return nil }
        return status == "paused" || status == "pause" || status == "stopped" || status == "disabled"
    }

    /// A delete or pause of a plan the server does not know: it is already gone.
    static func isNotFound(_ error: JMRError) -> Bool {
        error.kind == .http && error.httpStatus == 404
    }
}
