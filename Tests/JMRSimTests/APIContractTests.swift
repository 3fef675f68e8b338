import Foundation
import Testing
@testable import JMRSim

@Suite("API contract")
struct APIContractTests {
    @Test func createStoresANormalisedPlanAndAnswersWithoutPlanId() throws {
        let sim = try TestServer()
        let response = try sim.create(
            "nightly-etl", schedule: [" 0", "30", "2", "?", "jan-mar", "mon-fri "],
            extra: ["jobIds": "1001,1002", "planType": "cron", "failurePolicy": "continue", "isSync": true]
        )
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"]?.hasPrefix("application/json") == true)
        let requestId = try #require(response.headers["x-jdcloud-request-id"])
        #expect(response.json?["requestId"]?.stringValue == requestId)
        #expect(response.json?["result"]?["status"]?.stringValue == "success")
        #expect(response.json?["result"]?["planId"] == nil)
        #expect(response.headers["Date"]?.hasSuffix(" GMT") == true)

        let plan = try #require(sim.server.plans.first)
        #expect(plan.planId == PlanRegistry.firstPlanId)
        #expect(plan.cronExpression == "0 30 2 ? JAN-MAR MON-FRI")
        #expect(plan.planStatus == "running")
        #expect(plan.region == "cn-north-1")
        #expect(plan.jobIds == "1001,1002")
        #expect(plan.isSync == true)
        #expect(plan.createTime == plan.modifyTime)

        let listed = try sim.list()
        #expect(listed.total == 1)
        let model = try #require(listed.plans.first)
        #expect(model["planId"]?.intValue == 1000)
        #expect(model["dataCenter"]?.stringValue == "cn-north-1")
        #expect(model["cronExpression"]?.stringValue == "0 30 2 ? JAN-MAR MON-FRI")
        #expect(model["failurePolicy"]?.stringValue == "continue")
        #expect(model["isSync"] == .bool(true))
    }

    @Test func planIdsIncreaseAcrossRegionsAndStateIsPerRegion() throws {
        let sim = try TestServer()
        try sim.create("a")
        try sim.create("a", region: "cn-east-2")
        try sim.create("b")
        #expect(sim.server.plans.map(\.planId) == [1000, 1001, 1002])
        #expect(try sim.list().total == 2)
        #expect(try sim.list(region: "cn-east-2").total == 1)
        // A plan is invisible from another region.
        let detail = try sim.call("/v1/regions/cn-east-2/cronJob/1000:detail", region: "cn-east-2")
        #expect(detail.status == 404)
    }

    @Test func createWithPlanIdUpdatesThatPlan() throws {
        let sim = try TestServer()
        try sim.create("etl", extra: ["description": "old", "jobIds": "1"])
        let id = try #require(sim.planId(named: "etl"))
        let body = TestServer.createBody(name: nil, planId: id, schedule: ["0", "0", "5", "*", "*", "?"], extra: ["jobIds": "7,8"])
        let response = try sim.call("/v1/regions/cn-north-1/cronJob:create", body)
        #expect(response.status == 200)
        let plan = try #require(sim.server.plans.first)
        #expect(sim.server.plans.count == 1)
        #expect(plan.planName == "etl")
        #expect(plan.cronExpression == "0 0 5 * * ?")
        #expect(plan.jobIds == "7,8")
        #expect(plan.description == nil)

        let unknown = try sim.call("/v1/regions/cn-north-1/cronJob:create", TestServer.createBody(name: "x", planId: 4242))
        #expect(unknown.status == 404)
        #expect(unknown.errorStatus == "NOT_FOUND")
    }

    @Test func duplicateNamesAreRefusedPerRegion() throws {
        let sim = try TestServer()
        #expect(try sim.create("etl").status == 200)
        let duplicate = try sim.create("etl")
        #expect(duplicate.status == 400)
        #expect(duplicate.json?["error"]?["code"]?.intValue == 400)
        #expect(duplicate.errorStatus == "ALREADY_EXISTS")
        #expect(duplicate.errorMessage == "plan name 'etl' already exists in region cn-north-1")
        #expect(try sim.create("etl", region: "cn-east-2").status == 200)

        // Renaming onto a taken name fails, renaming onto one's own name succeeds.
        try sim.create("other")
        let otherId = try #require(sim.planId(named: "other"))
        let rename = try sim.call("/v1/regions/cn-north-1/cronJob:create", TestServer.createBody(name: "etl", planId: otherId))
        #expect(rename.status == 400)
        #expect(rename.errorStatus == "ALREADY_EXISTS")
        let same = try sim.call("/v1/regions/cn-north-1/cronJob:create", TestServer.createBody(name: "other", planId: otherId))
        #expect(same.status == 200)

        // Deleting a plan frees its name.
        let etlId = try #require(sim.planId(named: "etl"))
        #expect(try sim.call("/v1/regions/cn-north-1/cronJob/\(etlId):delete").status == 200)
        #expect(try sim.create("etl").status == 200)
    }

    @Test func modifyRequiresItsFieldsAndAnExistingPlan() throws {
        let sim = try TestServer()
        try sim.create("etl")
        let id = try #require(sim.planId(named: "etl"))
        let full: [String: JSONValue] = ["jobIds": "1", "planType": "cron", "failurePolicy": "stop"]
        for missing in ["jobIds", "planType", "failurePolicy"] {
            var extra = full
            extra[missing] = nil
            let response = try sim.call("/v1/regions/cn-north-1/cronJob:modify", TestServer.createBody(name: "etl", planId: id, extra: extra))
            #expect(response.status == 400)
            #expect(response.errorMessage == "jmrPlanViewModel.\(missing) is required")
        }
        let noId = try sim.call("/v1/regions/cn-north-1/cronJob:modify", TestServer.createBody(name: "etl", extra: full))
        #expect(noId.errorMessage == "jmrPlanViewModel.planId is required")
        let noName = try sim.call("/v1/regions/cn-north-1/cronJob:modify", TestServer.createBody(name: nil, planId: id, extra: full))
        #expect(noName.errorMessage == "jmrPlanViewModel.planName is required")
        let unknown = try sim.call("/v1/regions/cn-north-1/cronJob:modify", TestServer.createBody(name: "etl", planId: 99, extra: full))
        #expect(unknown.status == 404)

        let ok = try sim.call("/v1/regions/cn-north-1/cronJob:modify",
                              TestServer.createBody(name: "etl-renamed", planId: id, schedule: ["0", "15", "*", "*", "*", "?"], extra: full))
        #expect(ok.status == 200)
        let plan = try #require(sim.server.plans.first)
        #expect(plan.planName == "etl-renamed")
        #expect(plan.failurePolicy == "stop")
        #expect(plan.cronExpression == "0 15 * * * ?")
    }

    @Test func detailListsThePlansJobs() throws {
        let sim = try TestServer()
        try sim.create("etl", extra: ["jobIds": "11, 12,,13"])
        let response = try sim.call("/v1/regions/cn-north-1/cronJob/1000:detail")
        #expect(response.status == 200)
        guard case .array(let jobs)? = response.json?["result"]?["data"]?["jobList"] else {
            Issue.record("no jobList in \(response.text)")
            return
        }
        #expect(jobs.compactMap { $0["jobId"]?.stringValue } == ["11", "12", "13"])
        #expect(response.json?["result"]?["data"]?["totalNum"]?.intValue == 3)
        #expect(try sim.call("/v1/regions/cn-north-1/cronJob/1001:detail").status == 404)
    }

    @Test func pauseResumeAndDelete() throws {
        let sim = try TestServer()
        try sim.create("etl")
        let paused = try sim.call("/v1/regions/cn-north-1/cronJob/1000:pause")
        #expect(paused.status == 200)
        #expect(sim.server.plans.first?.planStatus == "paused")
        #expect(try sim.list(#"{"jmrPlanViewModel":{"planStatus":"paused"}}"#).total == 1)
        #expect(try sim.list(#"{"jmrPlanViewModel":{"planStatus":"running"}}"#).total == 0)
        #expect(try sim.call("/v1/regions/cn-north-1/cronJob/1000:resume").status == 200)
        #expect(sim.server.plans.first?.planStatus == "running")
        // Path parameters may be percent-encoded, as signers encode ':'.
        #expect(try sim.call("/v1/regions/cn-north-1/cronJob/1000%3Adelete").status == 200)
        #expect(sim.server.plans.isEmpty)
        for verb in ["pause", "resume", "delete", "detail"] {
            let response = try sim.call("/v1/regions/cn-north-1/cronJob/1000:\(verb)")
            #expect(response.status == 404)
            #expect(response.errorMessage == "plan 1000 not found in region cn-north-1")
        }
        let badId = try sim.call("/v1/regions/cn-north-1/cronJob/abc:delete")
        #expect(badId.status == 400)
    }

    @Test func planNameValidity() throws {
        let sim = try TestServer()
        try sim.create("etl")
        let path = "/v1/regions/cn-north-1/planName:valid"
        #expect(try sim.call(path, #"{"planName":"free"}"#).status == 200)
        let taken = try sim.call(path, #"{"planName":"etl"}"#)
        #expect(taken.status == 400)
        #expect(taken.errorMessage == "plan name 'etl' already exists in region cn-north-1")
        #expect(try sim.call(path, #"{"planName":"etl","planId":1000}"#).status == 200)
        #expect(try sim.call(path, #"{"planName":"etl","planId":1001}"#).status == 400)
        #expect(try sim.call("/v1/regions/cn-east-2/planName:valid", #"{"planName":"etl"}"#, region: "cn-east-2").status == 200)
        #expect(try sim.call(path, #"{}"#).errorMessage == "planName is required")
    }

    @Test func invalidSchedulesAreRefusedWithTheCronMessage() throws {
        let sim = try TestServer()
        let badMinute = try sim.create("x", schedule: ["0", "75", "2", "*", "*", "?"])
        #expect(badMinute.status == 400)
        #expect(badMinute.errorStatus == "INVALID_ARGUMENT")
        #expect(badMinute.errorMessage?.hasPrefix("invalid schedule: minute '75'") == true)
        let bothDays = try sim.create("x", schedule: ["0", "0", "2", "*", "*", "*"])
        #expect(bothDays.status == 400)
        #expect(sim.server.plans.isEmpty)
    }

    @Test func requiredFieldsAndTypesAreChecked() throws {
        let sim = try TestServer()
        let path = "/v1/regions/cn-north-1/cronJob:create"
        let cases: [(String, String)] = [
            (#"{"time":"0","minute":"0","hour":"0","day":"*","month":"*","jmrPlanViewModel":{"planName":"x"}}"#, "week is required"),
            (#"{"time":0,"minute":"0","hour":"0","day":"*","month":"*","week":"?","jmrPlanViewModel":{"planName":"x"}}"#, "time must be a string"),
            (#"{"time":"0","minute":"0","hour":"0","day":"*","month":"*","week":"?"}"#, "jmrPlanViewModel is required"),
            (#"{"time":"0","minute":"0","hour":"0","day":"*","month":"*","week":"?","jmrPlanViewModel":[]}"#, "jmrPlanViewModel must be an object"),
            (#"{"time":"0","minute":"0","hour":"0","day":"*","month":"*","week":"?","jmrPlanViewModel":{}}"#, "jmrPlanViewModel.planName is required"),
            (#"{"time":"0","minute":"0","hour":"0","day":"*","month":"*","week":"?","jmrPlanViewModel":{"planName":"x","jobIds":[1]}}"#, "jmrPlanViewModel.jobIds must be a string"),
            (#"{"time":"0","minute":"0","hour":"0","day":"*","month":"*","week":"?","jmrPlanViewModel":{"planName":"x","isSync":"yes"}}"#, "jmrPlanViewModel.isSync must be a boolean"),
            (#"{"time":"0","minute":"0","hour":"0","day":"*","month":"*","week":"?","jmrPlanViewModel":{"planId":"7"}}"#, "jmrPlanViewModel.planId must be a number"),
            (#"{"time":"0","minute":"0","hour":"0","day":"*","month":"*","week":"?","jmrPlanViewModel":{"planId":7.5}}"#, "jmrPlanViewModel.planId must be an integer"),
            (#"{"time":"0","minute":"0","hour":"0","day":"*","month":"*","week":"?","jmrPlanViewModel":{"planName":"  "}}"#, "jmrPlanViewModel.planName must not be empty"),
            ("", "request body is required (a JSON object)"),
            ("[1]", "request body must be a JSON object, not an array"),
        ]
        for (body, message) in cases {
            let response = try sim.call(path, body)
            #expect(response.status == 400, "\(body)")
            #expect(response.errorStatus == "INVALID_ARGUMENT")
            #expect(response.errorMessage == message, "\(body)")
        }
        let badJSON = try sim.call(path, #"{"time": "0",}"#)
        #expect(badJSON.status == 400)
        #expect(badJSON.errorMessage?.hasPrefix("malformed JSON body: ") == true)
        #expect(sim.server.plans.isEmpty)
        #expect(sim.server.statistics.changes == 0)
    }

    @Test func unknownPathsAndMethods() throws {
        let sim = try TestServer()
        let unknown = try sim.call("/v1/regions/cn-north-1/cronJob:explode")
        #expect(unknown.status == 404)
        #expect(unknown.errorStatus == "NOT_FOUND")
        #expect(unknown.json?["requestId"]?.stringValue == unknown.headers["x-jdcloud-request-id"])
        #expect(try sim.call("/v2/anything").status == 404)
        let get = try sim.get("/v1/regions/cn-north-1/cronJob:list")
        #expect(get.status == 405)
        #expect(get.headers["Allow"] == "POST")
        #expect(sim.server.statistics.calls.isEmpty)
    }

    @Test func statisticsCountCallsAndMutations() throws {
        let sim = try TestServer()
        try sim.create("etl")
        _ = try sim.list()
        _ = try sim.list()
        _ = try sim.call("/v1/regions/cn-north-1/cronJob/1000:pause")
        _ = try sim.call("/v1/regions/cn-north-1/cronJob/1000:pause")
        let stats = try sim.get("/__sim/stats")
        #expect(stats.status == 200)
        #expect(stats.json?["calls"]?["cronJob:create"]?.intValue == 1)
        #expect(stats.json?["calls"]?["cronJob:list"]?.intValue == 2)
        #expect(stats.json?["calls"]?["cronJob:pause"]?.intValue == 2)
        #expect(stats.json?["mutating"]?.intValue == 3)
        // The second pause changed nothing.
        #expect(stats.json?["changes"]?.intValue == 2)

        let plans = try sim.get("/__sim/plans")
        guard case .array(let items)? = plans.json?["plans"] else {
            Issue.record("no plans in \(plans.text)")
            return
        }
        #expect(items.count == 1)
        #expect(items.first?["region"]?.stringValue == "cn-north-1")
        #expect(items.first?["minute"]?.stringValue == "30")

        let reset = try sim.call("/__sim/reset")
        #expect(reset.status == 200)
        #expect(sim.server.plans.isEmpty)
        #expect(sim.server.statistics.mutating == 0)
    }
}
