import Foundation
import JMRAPI
import Testing

@Suite struct ClockSkewTests {
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    static let serverAhead = Fixture.now.addingTimeInterval(600)

    @Test func retriesOnceWithTheServerTimeAndKeepsTheOffset() async throws {
        let transport = ScriptedTransport([
            Fixture.error(400, "REQUEST_EXPIRED", "request expired", headers: [("Date", Self.httpDate(Self.serverAhead))]),
            Fixture.ok(),
            Fixture.ok(),
        ])
        let sleeper = RecordingSleeper()
        let client = Fixture.client(transport, sleeper: sleeper)
        let response = try await client.createCronJob(region: "cn-north-1", request: Fixture.createRequest)
        #expect(response.metadata.attempts == 2)
        #expect(sleeper.sleeps.isEmpty)
        let dates = transport.requests.compactMap { $0.header("x-jdcloud-date") }
        #expect(dates == ["20261203T104000Z", "20261203T105000Z"])
        #expect(client.clockOffsetSeconds == 600)

        // Later calls sign with the corrected time from the start.
        _ = try await client.pauseCronJob(region: "cn-north-1", planId: 1)
        #expect(transport.requests.last?.header("x-jdcloud-date") == "20261203T105000Z")
    }

    @Test func correctsOnlyOncePerCall() async throws {
        let expired = Fixture.error(401, "SIGNATURE_EXPIRED", "expired", headers: [("Date", Self.httpDate(Self.serverAhead))])
        let transport = ScriptedTransport([expired, expired, Fixture.ok()])
        let error = await #expect(throws: JMRError.self) {
            try await Fixture.client(transport).pauseCronJob(region: "cn-north-1", planId: 1)
        }
        #expect(transport.requests.count == 2)
        #expect(error?.status == "SIGNATURE_EXPIRED")
    }

    @Test func farOffDateOnAnyClientErrorTriggersCorrection() async throws {
        let transport = ScriptedTransport([
            Fixture.error(403, "FORBIDDEN", "denied", headers: [("Date", Self.httpDate(Fixture.now.addingTimeInterval(-900)))]),
            Fixture.ok(),
        ])
        let client = Fixture.client(transport)
        _ = try await client.pauseCronJob(region: "cn-north-1", planId: 1)
        #expect(transport.requests.last?.header("x-jdcloud-date") == "20261203T102500Z")
        #expect(client.clockOffsetSeconds == -900)
    }

    @Test func noCorrectionWithinToleranceOrWithoutADate() async throws {
        let near = ScriptedTransport([
            Fixture.error(403, "FORBIDDEN", "denied", headers: [("Date", Self.httpDate(Fixture.now.addingTimeInterval(120)))]),
            Fixture.ok(),
        ])
        await #expect(throws: JMRError.self) { try await Fixture.client(near).pauseCronJob(region: "cn-north-1", planId: 1) }
        #expect(near.requests.count == 1)

        let noDate = ScriptedTransport([Fixture.error(400, "REQUEST_EXPIRED", "expired"), Fixture.ok()])
        await #expect(throws: JMRError.self) { try await Fixture.client(noDate).pauseCronJob(region: "cn-north-1", planId: 1) }
        #expect(noDate.requests.count == 1)
    }

    @Test func rejectionRule() {
        #expect(ClockSkewRule.rejectsRequestTime(httpStatus: 400, error: JMRErrorBody(status: "REQUEST_EXPIRED")))
        #expect(ClockSkewRule.rejectsRequestTime(httpStatus: 401, error: JMRErrorBody(status: "UNAUTHENTICATED", message: "The request time is too skewed")))
        #expect(!ClockSkewRule.rejectsRequestTime(httpStatus: 400, error: JMRErrorBody(status: "INVALID_ARGUMENT", message: "plan name taken")))
        #expect(!ClockSkewRule.rejectsRequestTime(httpStatus: 404, error: JMRErrorBody(message: "request time")))
        #expect(ClockSkewRule.correction(httpStatus: 500, error: JMRErrorBody(status: "REQUEST_EXPIRED"), serverDate: Self.serverAhead, localDate: Fixture.now) == nil)
    }
}
