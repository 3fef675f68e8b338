import Foundation
import JDCloudAuth
import Testing
@testable import JMRSim

@Suite("Signatures and the request-time window")
struct AuthenticationTests {
    let listPath = "/v1/regions/cn-north-1/cronJob:list"

    @Test func signedRequestsAreAccepted() throws {
        let sim = try TestServer(signed: true)
        #expect(try sim.create("etl").status == 200)
        #expect(try sim.list().total == 1)
        // The signer percent-encodes ':' in the canonical URI; a path sent encoded verifies too.
        #expect(try sim.call("/v1/regions/cn-north-1/cronJob/1000%3Apause").status == 200)
    }

    @Test func missingAuthorizationIsRejected() throws {
        let sim = try TestServer(signed: true)
        let connection = try sim.connect()
        connection.send(sim.request(listPath, "{}"))
        let response = try connection.readResponse()
        #expect(response.status == 401)
        #expect(response.json?["error"]?["code"]?.intValue == 401)
        #expect(response.errorStatus == "UNAUTHENTICATED")
        #expect(response.errorMessage?.contains("missing Authorization") == true)
    }

    @Test func wrongSecretAndUnknownAccessKeyAreRejected() throws {
        let sim = try TestServer(signed: true)
        let wrongSecret = JDCloudCredentials(accessKey: TestServer.accessKey, secretKey: "not-the-secret")
        let response = try sim.call(listPath, "{}", credentials: wrongSecret)
        #expect(response.status == 401)
        #expect(response.errorStatus == "UNAUTHENTICATED")
        #expect(response.errorMessage?.contains("signature does not match") == true)
        #expect(response.text.contains("not-the-secret") == false)

        let wrongKey = JDCloudCredentials(accessKey: "AKOTHER", secretKey: TestServer.secretKey)
        let unknown = try sim.call(listPath, "{}", credentials: wrongKey)
        #expect(unknown.status == 401)
        #expect(unknown.errorStatus == "UNAUTHENTICATED")
    }

    @Test func tamperedBodyOrSignatureIsRejected() throws {
        let sim = try TestServer(signed: true)
        let signed = sim.request("/v1/regions/cn-north-1/cronJob:create", TestServer.createBody(name: "etl"), credentials: sim.credentials)
        var text = String(decoding: signed, as: UTF8.self)
        text = text.replacingOccurrences(of: "etl", with: "elt")
        let connection = try sim.connect()
        connection.send(text)
        #expect(try connection.readResponse().status == 401)

        var flipped = String(decoding: sim.request(listPath, "{}", credentials: sim.credentials), as: UTF8.self)
        let range = try #require(flipped.range(of: "Signature="))
        let digit = flipped[range.upperBound]
        flipped.replaceSubrange(range.upperBound...range.upperBound, with: digit == "0" ? "1" : "0")
        let second = try sim.connect()
        second.send(flipped)
        let response = try second.readResponse()
        #expect(response.status == 401)
        #expect(sim.server.plans.isEmpty)
    }

    @Test func credentialScopeRegionMustMatchThePath() throws {
        let sim = try TestServer(signed: true)
        // Signed for cn-east-2 but sent to a cn-north-1 path.
        let bytes = sim.request(listPath, "{}", region: "cn-east-2", credentials: sim.credentials)
        let connection = try sim.connect()
        connection.send(bytes)
        let response = try connection.readResponse()
        #expect(response.status == 401)
        #expect(response.errorMessage?.contains("region") == true)
    }

    @Test func requestsOutsideTheFiveMinuteWindowExpire() throws {
        let sim = try TestServer(signed: true)
        let inside = try sim.call(listPath, "{}", date: Date().addingTimeInterval(-240))
        #expect(inside.status == 200)
        let late = try sim.call(listPath, "{}", date: Date().addingTimeInterval(-400))
        #expect(late.status == 401)
        #expect(late.errorStatus == "REQUEST_EXPIRED")
        #expect(late.headers["Date"] != nil)
        let early = try sim.call(listPath, "{}", date: Date().addingTimeInterval(400))
        #expect(early.errorStatus == "REQUEST_EXPIRED")
    }

    @Test func clockOffsetShiftsTheServerClockAndDateHeader() throws {
        let offset = 3600.0
        let sim = try TestServer(signed: true, clockOffsetSeconds: offset)
        let response = try sim.call(listPath, "{}")
        #expect(response.status == 401)
        #expect(response.errorStatus == "REQUEST_EXPIRED")
        // A client that corrects its clock from the Date header gets through.
        let dateHeader = try #require(response.headers["Date"])
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        let serverDate = try #require(formatter.date(from: dateHeader))
        #expect(abs(serverDate.timeIntervalSinceNow - offset) < 5)
        #expect(try sim.call(listPath, "{}", date: serverDate).status == 200)
    }

    @Test func unsignedServerStillChecksASentDate() throws {
        let sim = try TestServer(signed: false, clockOffsetSeconds: -3600)
        let connection = try sim.connect()
        connection.send(TestServer.rawRequest("POST", listPath, body: Array("{}".utf8), host: "127.0.0.1",
                                              headers: [("x-jdcloud-date", JDCloudDate.format(Date()))]))
        #expect(try connection.readResponse().errorStatus == "REQUEST_EXPIRED")
        #expect(try sim.call(listPath, "{}").status == 200)
    }

    @Test func inspectionNeedsNoSignature() throws {
        let sim = try TestServer(signed: true)
        #expect(try sim.get("/__sim/plans").status == 200)
        #expect(try sim.get("/__sim/stats").status == 200)
    }
}
