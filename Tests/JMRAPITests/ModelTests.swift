import Foundation
import JMRAPI
import Testing

@Suite struct ModelTests {
    @Test func planViewModelOmitsNilFieldsAndRoundTrips() throws {
        let plan = JmrPlanViewModel(isSync: false, jobIds: "1,2", planId: 7, planName: "p")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(plan), as: UTF8.self)
        #expect(text == #"{"isSync":false,"jobIds":"1,2","planId":7,"planName":"p"}"#)
        #expect(try JSONDecoder().decode(JmrPlanViewModel.self, from: Data(text.utf8)) == plan)
        #expect(String(decoding: try encoder.encode(JmrPlanViewModel()), as: UTF8.self) == "{}")
    }

    @Test func planViewModelDecodesLeniently() throws {
        let json = #"{"planId":"123","isSync":"true","jobIds":1001,"planName":"x","az":null,"unknown":{"a":1}}"#
        let plan = try JSONDecoder().decode(JmrPlanViewModel.self, from: Data(json.utf8))
        #expect(plan.planId == 123)
        #expect(plan.isSync == true)
        #expect(plan.jobIds == "1001")
        #expect(plan.az == nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(JmrPlanViewModel.self, from: Data(#"{"planId":"abc"}"#.utf8))
        }
    }

    @Test func responseShapes() throws {
        let list = #"{"requestId":"r","result":{"data":{"cronJobs":[{"planId":1,"planName":"a"}],"totalNum":"3"}}}"#
        let decoded = try JSONDecoder().decode(JMREnvelope<DataResult<CronJobList>>.self, from: Data(list.utf8))
        #expect(decoded.requestId == "r")
        #expect(decoded.result?.data == CronJobList(cronJobs: [JmrPlanViewModel(planId: 1, planName: "a")], totalNum: 3))

        let failure = #"{"requestId":"e","error":{"code":400,"status":"INVALID_ARGUMENT","message":"bad"}}"#
        let error = try JSONDecoder().decode(JMREnvelope<StatusResult>.self, from: Data(failure.utf8))
        #expect(error.error == JMRErrorBody(code: 400, status: "INVALID_ARGUMENT", message: "bad"))
        #expect(error.result == nil)

        let status = try JSONDecoder().decode(StatusResult.self, from: Data(#"{"status":true,"message":"ok"}"#.utf8))
        #expect(status == StatusResult(status: "true", message: "ok"))
    }

    @Test func createRequestWireNames() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(Fixture.createRequest), as: UTF8.self)
        #expect(text == #"{"day":"*","hour":"2","jmrPlanViewModel":{"clusterId":"jmr-abc123","failurePolicy":"continue","jobIds":"1001,1002","planName":"nightly-etl","planType":"cron"},"minute":"30","month":"*","time":"0","week":"?"}"#)
        #expect(!Fixture.createRequest.isIdempotent)
        #expect(Fixture.updateRequest.isIdempotent)
        let list = CronJobListRequest(jmrPlanViewModel: JmrPlanViewModel(planName: "n"), selectParams: SelectParams(pageNum: 1, pageSize: 20))
        #expect(String(decoding: try encoder.encode(list), as: UTF8.self)
            == #"{"jmrPlanViewModel":{"planName":"n"},"selectParams":{"pageNum":1,"pageSize":20}}"#)
    }
}
