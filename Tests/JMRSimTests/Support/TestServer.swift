import Foundation
import JDCloudAuth
@testable import JMRSim

/// An in-process simulator on a free port, with helpers to call it.
final class TestServer {
    let server: SimulatorServer
    let port: UInt16
    let credentials: JDCloudCredentials?

    static let accessKey = "AKTESTSIM0001"
    static let secretKey = "test/Secret+Key==sim"

    init(
        signed: Bool = false, stateFile: String? = nil, clockOffsetSeconds: Double = 0,
        configure: (inout SimulatorOptions) -> Void = { _ in }
    ) throws {
        var options = SimulatorOptions()
        options.port = 0
        options.quiet = true
        options.stateFile = stateFile
        options.clockOffsetSeconds = clockOffsetSeconds
        if signed {
            options.accessKey = Self.accessKey
            options.secretKey = Self.secretKey
            credentials = JDCloudCredentials(accessKey: Self.accessKey, secretKey: Self.secretKey)
        } else {
            credentials = nil
        }
        configure(&options)
        server = try SimulatorServer(options: options)
        port = try server.start()
    }

    deinit { server.stop() }

    func connect() throws -> RawHTTPConnection {
        try RawHTTPConnection(port: port)
    }

    /// Sends one POST (signed when the server requires signatures) on a new connection.
    func call(
        _ path: String, _ body: String = "", region: String = "cn-north-1", date: Date = Date(),
        credentials override: JDCloudCredentials? = nil
    ) throws -> RawResponse {
        let connection = try connect()
        connection.send(request(path, body, region: region, date: date, credentials: override ?? credentials))
        return try connection.readResponse()
    }

    /// The bytes of a POST to `path`, signed with `credentials` when given.
    func request(
        _ path: String, _ body: String, region: String = "cn-north-1", date: Date = Date(),
        credentials: JDCloudCredentials? = nil
    ) -> [UInt8] {
        let bodyBytes = Array(body.utf8)
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        if let credentials {
            let signer = JDCloudSigner(credentials: credentials, region: region)
            let request = JDCloudRequest(
                method: "POST", scheme: "http", host: "127.0.0.1", port: Int(port), path: path,
                headers: [("Content-Type", "application/json")], body: bodyBytes
            )
            let signature = signer.sign(request, date: date)
            headers += signature.headers.map { ($0.name, $0.value) }
        }
        return Self.rawRequest("POST", path, body: bodyBytes, host: "127.0.0.1:\(port)", headers: headers)
    }

    static func rawRequest(_ method: String, _ path: String, body: [UInt8], host: String, headers: [(String, String)]) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }

    func get(_ path: String) throws -> RawResponse {
        let connection = try connect()
        connection.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        return try connection.readResponse()
    }

    // MARK: Conveniences

    static func createBody(
        name: String?, planId: Int? = nil, schedule: [String] = ["0", "30", "2", "*", "*", "?"],
        extra: [String: JSONValue] = [:]
    ) -> String {
        var model = extra
        if let name { model["planName"] = .string(name) }
        if let planId { model["planId"] = .integer(planId) }
        var body: [String: JSONValue] = ["jmrPlanViewModel": .object(model)]
        for (key, value) in zip(["time", "minute", "hour", "day", "month", "week"], schedule) {
            body[key] = .string(value)
        }
        return JSONValue.object(body).jsonText
    }

    @discardableResult
    func create(_ name: String, region: String = "cn-north-1", schedule: [String] = ["0", "30", "2", "*", "*", "?"],
                extra: [String: JSONValue] = [:]) throws -> RawResponse {
        try call("/v1/regions/\(region)/cronJob:create", Self.createBody(name: name, schedule: schedule, extra: extra), region: region)
    }

    /// `cronJobs` and `totalNum` of a list call.
    func list(_ body: String = "{}", region: String = "cn-north-1") throws -> (plans: [JSONValue], total: Int) {
        let response = try call("/v1/regions/\(region)/cronJob:list", body, region: region)
        guard case .array(let plans)? = response.json?["result"]?["data"]?["cronJobs"],
            case .integer(let total)? = response.json?["result"]?["data"]?["totalNum"]
        else { throw RawHTTPError.malformedResponse(response.text) }
        return (plans, total)
    }

    /// The planId of the plan named `name` (exact) in `region`.
    func planId(named name: String, region: String = "cn-north-1") -> Int? {
        server.plans.first { $0.planName == name && $0.region == region }?.planId
    }
}

extension JSONValue {
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var intValue: Int? {
        if case .integer(let number) = self { return number }
        return nil
    }
}

/// A fresh path under the temporary directory.
func temporaryPath(_ name: String) -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jmr-sim-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent(name).path
}
