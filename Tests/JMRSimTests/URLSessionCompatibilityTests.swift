import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import JDCloudAuth
import Synchronization
import Testing
@testable import JMRSim

/// The real client talks through URLSession; these check the server against it.
@Suite("URLSession compatibility")
struct URLSessionCompatibilityTests {
    /// Sends a request and waits for the answer (or the error).
    func send(_ request: URLRequest) -> (status: Int?, body: Data?, error: Error?) {
        let result = Mutex<(Int?, Data?, (any Error)?)>((nil, nil, nil))
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            result.withLock { $0 = ((response as? HTTPURLResponse)?.statusCode, data, error) }
            done.signal()
        }
        task.resume()
        done.wait()
        return result.withLock { ($0.0, $0.1, $0.2) }
    }

    func signedRequest(_ sim: TestServer, path: String, body: String) -> URLRequest {
        let bytes = Array(body.utf8)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(sim.port)\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = Data(bytes)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let signer = JDCloudSigner(credentials: sim.credentials!, region: "cn-north-1")
        let signature = signer.sign(
            JDCloudRequest(method: "POST", scheme: "http", host: "127.0.0.1", port: Int(sim.port), path: path,
                           headers: [("Content-Type", "application/json")], body: bytes),
            date: Date()
        )
        for header in signature.headers { request.setValue(header.value, forHTTPHeaderField: header.name) }
        return request
    }

    @Test func signedCallsSucceed() throws {
        let sim = try TestServer(signed: true)
        let create = send(signedRequest(sim, path: "/v1/regions/cn-north-1/cronJob:create", body: TestServer.createBody(name: "via-urlsession")))
        #expect(create.error == nil)
        #expect(create.status == 200)
        let list = send(signedRequest(sim, path: "/v1/regions/cn-north-1/cronJob:list", body: "{}"))
        #expect(list.status == 200)
        let json = try JSONParser.parse(Array(try #require(list.body)))
        #expect(json["result"]?["data"]?["totalNum"]?.intValue == 1)
    }

    @Test func droppedConnectionsSurfaceAsErrors() throws {
        let sim = try TestServer { $0.dropRate = 1 }
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(sim.port)/v1/regions/cn-north-1/cronJob:list")!)
        request.httpMethod = "POST"
        request.httpBody = Data("{}".utf8)
        let outcome = send(request)
        #expect(outcome.error != nil)
        #expect(outcome.status == nil)
    }
}
