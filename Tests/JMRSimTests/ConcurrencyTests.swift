import Foundation
import Synchronization
import Testing
@testable import JMRSim

@Suite("Concurrent clients")
struct ConcurrencyTests {
    /// Runs `body(index)` on `count` threads at once and waits for all of them.
    func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            Thread {
                body(index)
                group.leave()
            }.start()
        }
        group.wait()
    }

    @Test func thirtyTwoClientsOnOpenConnections() throws {
        let sim = try TestServer()
        let port = sim.port
        let failures = Mutex<[String]>([])
        let clients = 32, perClient = 6
        onThreads(clients) { client in
            do {
                let connection = try RawHTTPConnection(port: port)
                for request in 0..<perClient {
                    // One keep-alive connection per client: creates, then a list.
                    connection.post("/v1/regions/cn-north-1/cronJob:create",
                                    body: TestServer.createBody(name: "c\(client)-r\(request)"))
                    let response = try connection.readResponse()
                    if response.status != 200 { failures.withLock { $0.append("create \(client)/\(request): \(response.text)") } }
                }
                connection.post("/v1/regions/cn-north-1/cronJob:list",
                                body: #"{"jmrPlanViewModel":{"planName":"c\#(client)-"},"selectParams":{"pageSize":100}}"#)
                let list = try connection.readResponse()
                // "c1-" also matches c10-..c19- by substring; at least this client's own plans are there.
                if (list.json?["result"]?["data"]?["totalNum"]?.intValue ?? 0) < perClient {
                    failures.withLock { $0.append("list \(client): \(list.text)") }
                }
            } catch {
                failures.withLock { $0.append("client \(client): \(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let plans = sim.server.plans
        #expect(plans.count == clients * perClient)
        #expect(plans.map(\.planId) == Array(1000..<(1000 + clients * perClient)))
        #expect(Set(plans.map(\.planName)).count == clients * perClient)
        #expect(sim.server.statistics.calls["cronJob:create"] == clients * perClient)
    }

    @Test func racingCreatesOfOneNameSucceedOnce() throws {
        let sim = try TestServer()
        let port = sim.port
        let statuses = Mutex<[Int]>([])
        onThreads(32) { _ in
            guard let connection = try? RawHTTPConnection(port: port) else { return }
            connection.post("/v1/regions/cn-north-1/cronJob:create", body: TestServer.createBody(name: "contested"))
            if let response = try? connection.readResponse() {
                statuses.withLock { $0.append(response.status) }
            }
        }
        let observed = statuses.withLock { $0 }
        #expect(observed.count == 32)
        #expect(observed.filter { $0 == 200 }.count == 1)
        #expect(observed.filter { $0 == 400 }.count == 31)
        #expect(sim.server.plans.count == 1)
    }
}
