import Foundation
import Testing
@testable import JMRSim

@Suite("State file")
struct StatePersistenceTests {
    @Test func plansSurviveARestart() throws {
        let path = temporaryPath("state.json")
        var before: [SimulatedPlan] = []
        do {
            let sim = try TestServer(stateFile: path)
            try sim.create("etl", extra: ["jobIds": "1,2", "isSync": false, "description": "每日 ETL"])
            try sim.create("report", region: "cn-east-2")
            #expect(try sim.call("/v1/regions/cn-north-1/cronJob/1000:pause").status == 200)
            before = sim.server.plans
            // Saved after each change, before the server stops.
            let saved = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            guard case .array(let plans)? = saved["plans"] else {
                Issue.record("no plans array in the state file")
                return
            }
            #expect(plans.count == 2)
        }
        let directory = (path as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["state.json"])

        let restarted = try TestServer(stateFile: path)
        #expect(restarted.server.plans == before)
        #expect(restarted.server.plans.first?.planStatus == "paused")
        #expect(restarted.server.plans.first?.description == "每日 ETL")
        // Names stay taken and ids keep increasing.
        #expect(try restarted.create("etl").status == 400)
        try restarted.create("new")
        #expect(restarted.planId(named: "new") == 1002)
        #expect(try restarted.list().total == 2)
    }

    @Test func deletionsArePersisted() throws {
        let path = temporaryPath("state.json")
        do {
            let sim = try TestServer(stateFile: path)
            try sim.create("a")
            try sim.create("b")
            #expect(try sim.call("/v1/regions/cn-north-1/cronJob/1001:delete").status == 200)
        }
        let restarted = try TestServer(stateFile: path)
        #expect(restarted.server.plans.map(\.planName) == ["a"])
        try restarted.create("c")
        // A deleted id is never reused.
        #expect(restarted.planId(named: "c") == 1002)
    }

    @Test func secretsNeverReachTheStateFile() throws {
        let path = temporaryPath("state.json")
        let sim = try TestServer(signed: true, stateFile: path)
        try sim.create("etl")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(TestServer.secretKey))
        #expect(!text.contains("Signature"))
    }

    @Test func unreadableStateFileStopsTheStart() throws {
        let path = temporaryPath("state.json")
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: path))
        var options = SimulatorOptions()
        options.port = 0
        options.stateFile = path
        #expect(throws: SimulatorError.self) { try SimulatorServer(options: options) }
        // The broken file is left alone for the user to inspect.
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{ not json")
    }

    @Test func missingStateFileStartsEmpty() throws {
        let path = temporaryPath("fresh.json")
        let sim = try TestServer(stateFile: path)
        #expect(sim.server.plans.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path))
        try sim.create("x")
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
