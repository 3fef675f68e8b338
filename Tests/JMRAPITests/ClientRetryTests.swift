import Foundation
import JMRAPI
import Testing

@Suite struct ClientRetryTests {
    @Test func retriesTransientFailuresWithJitteredBackoff() async throws {
        let transport = ScriptedTransport([
            Fixture.error(500, "INTERNAL", "boom"),
            Fixture.error(503, "UNAVAILABLE", "busy"),
            Fixture.error(429, "TOO_MANY_REQUESTS", "slow down"),
            .fail(.notSent("connection refused")),
            Fixture.ok("req-5"),
        ])
        let sleeper = RecordingSleeper()
        let client = Fixture.client(transport, sleeper: sleeper, random: 0.5)
        let response = try await client.pauseCronJob(region: "cn-north-1", planId: 7)
        #expect(response.value.status == "success")
        #expect(response.metadata.attempts == 5)
        #expect(response.metadata.httpStatus == 200)
        #expect(response.metadata.requestId == "req-5")
        // Full jitter at 0.5: half of 200, 400, 800, 1600 ms.
        #expect(sleeper.sleeps == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800)])
        #expect(transport.requests.count == 5)
        // Every attempt is signed afresh.
        #expect(Set(transport.requests.compactMap { $0.header("x-jdcloud-nonce") }).count == 5)
    }

    @Test func retriesTimeoutsAndLostConnectionsForIdempotentCalls() async throws {
        let transport = ScriptedTransport([.fail(.timedOut), .fail(.connectionLost("reset")), Fixture.ok()])
        let response = try await Fixture.client(transport).createCronJob(region: "cn-north-1", request: Fixture.updateRequest)
        #expect(response.metadata.attempts == 3)
    }

    @Test func doesNotRetryClientErrors() async throws {
        let transport = ScriptedTransport([Fixture.error(400, "INVALID_ARGUMENT", "plan name taken", requestId: "abc"), Fixture.ok()])
        let sleeper = RecordingSleeper()
        let error = await #expect(throws: JMRError.self) {
            try await Fixture.client(transport, sleeper: sleeper).createCronJob(region: "cn-north-1", request: Fixture.createRequest)
        }
        #expect(transport.requests.count == 1)
        #expect(sleeper.sleeps.isEmpty)
        #expect(error?.httpStatus == 400)
        #expect(error?.code == 400)
        #expect(error?.status == "INVALID_ARGUMENT")
        #expect(error?.requestId == "abc")
        #expect(error?.mayHaveCommitted == false)
        #expect(error?.description == "HTTP 400 INVALID_ARGUMENT: plan name taken (requestId abc)")
    }

    @Test(arguments: [
        ScriptedTransport.Step.fail(.timedOut),
        .fail(.connectionLost("connection reset by peer")),
        Fixture.error(500, "INTERNAL", "boom"),
        Fixture.error(502, "BAD_GATEWAY", "upstream"),
    ])
    func neverRetriesAnAmbiguousCreate(_ failure: ScriptedTransport.Step) async throws {
        let transport = ScriptedTransport([failure, Fixture.ok()])
        let error = await #expect(throws: JMRError.self) {
            try await Fixture.client(transport).createCronJob(region: "cn-north-1", request: Fixture.createRequest)
        }
        #expect(transport.requests.count == 1)
        #expect(error?.mayHaveCommitted == true)
        #expect(error?.attempts == 1)
        #expect(error?.isTransient == true)
    }

    @Test func retriesACreateThatCertainlyWasNotProcessed() async throws {
        let transport = ScriptedTransport([
            .fail(.notSent("connection refused")),
            Fixture.error(429, "TOO_MANY_REQUESTS", "slow down"),
            Fixture.ok(),
        ])
        let response = try await Fixture.client(transport).createCronJob(region: "cn-north-1", request: Fixture.createRequest)
        #expect(response.metadata.attempts == 3)
    }

    @Test func createStaysAmbiguousOnceAnyAttemptWas() async throws {
        // 429 is retried; the following 500 ends the create and marks it ambiguous.
        let transport = ScriptedTransport([Fixture.error(429, "TOO_MANY_REQUESTS", "slow"), Fixture.error(500, "INTERNAL", "x"), Fixture.ok()])
        let error = await #expect(throws: JMRError.self) {
            try await Fixture.client(transport).createCronJob(region: "cn-north-1", request: Fixture.createRequest)
        }
        #expect(transport.requests.count == 2)
        #expect(error?.mayHaveCommitted == true)
        #expect(error?.attempts == 2)
        // An update that timed out and then got a 4xx may still have been applied by the first attempt.
        let update = ScriptedTransport([.fail(.timedOut), Fixture.error(409, "CONFLICT", "changed")])
        let updateError = await #expect(throws: JMRError.self) {
            try await Fixture.client(update).createCronJob(region: "cn-north-1", request: Fixture.updateRequest)
        }
        #expect(updateError?.httpStatus == 409)
        #expect(updateError?.mayHaveCommitted == true)
    }

    @Test func stopsAfterMaxRetries() async throws {
        let transport = ScriptedTransport(Array(repeating: Fixture.error(503, "UNAVAILABLE", "down"), count: 10))
        let error = await #expect(throws: JMRError.self) {
            try await Fixture.client(transport, maxRetries: 2).deleteCronJob(region: "cn-north-1", planId: 9)
        }
        #expect(transport.requests.count == 3)
        #expect(error?.attempts == 3)
        #expect(error?.httpStatus == 503)
        #expect(error?.retryBudgetExhausted == false)
    }

    @Test func sharedBudgetLimitsRetriesAcrossCalls() async throws {
        let budget = RetryBudget(retries: 2, refundPerSuccess: 0)
        let first = ScriptedTransport([Fixture.error(500, "INTERNAL", "a"), Fixture.error(500, "INTERNAL", "b"), Fixture.ok()])
        let second = ScriptedTransport([Fixture.error(500, "INTERNAL", "c"), Fixture.ok()])
        _ = try await Fixture.client(first, budget: budget).pauseCronJob(region: "cn-north-1", planId: 1)
        #expect(budget.remaining == 0)
        let error = await #expect(throws: JMRError.self) {
            try await Fixture.client(second, budget: budget).pauseCronJob(region: "cn-north-1", planId: 2)
        }
        #expect(second.requests.count == 1)
        #expect(error?.retryBudgetExhausted == true)
        #expect(error?.description.contains("retry budget exhausted") == true)
    }

    @Test func honoursRetryAfter() async throws {
        let transport = ScriptedTransport([
            Fixture.error(429, "TOO_MANY_REQUESTS", "slow", headers: [("Retry-After", "3")]),
            Fixture.ok(),
        ])
        let sleeper = RecordingSleeper()
        _ = try await Fixture.client(transport, sleeper: sleeper).resumeCronJob(region: "cn-north-1", planId: 3)
        #expect(sleeper.sleeps == [.seconds(3)])
    }

    @Test func givesUpWhenTheBackoffWouldPassTheDeadline() async throws {
        let transport = ScriptedTransport([Fixture.error(500, "INTERNAL", "x"), Fixture.ok()])
        let error = await #expect(throws: JMRError.self) {
            // The first backoff (jitter 1.0 -> 200 ms) does not fit in a 100 ms deadline.
            try await Fixture.client(transport, deadline: .milliseconds(100), random: 1.0).pauseCronJob(region: "cn-north-1", planId: 1)
        }
        #expect(transport.requests.count == 1)
        #expect(error?.httpStatus == 500)
    }

    @Test func undecodableSuccessIsAmbiguousAndNotRetried() async throws {
        let transport = ScriptedTransport([Fixture.json(200, "<html>proxy</html>"), Fixture.ok()])
        let error = await #expect(throws: JMRError.self) {
            try await Fixture.client(transport).createCronJob(region: "cn-north-1", request: Fixture.createRequest)
        }
        #expect(error?.kind == .invalidResponse)
        #expect(error?.mayHaveCommitted == true)
        #expect(transport.requests.count == 1)
    }

    @Test func nonJSONErrorBodyBecomesTheMessage() async throws {
        let transport = ScriptedTransport([
            Fixture.json(404, "no such route", headers: [("X-Jdcloud-Request-Id", "hdr-1")]),
        ])
        let error = await #expect(throws: JMRError.self) {
            try await Fixture.client(transport).pauseCronJob(region: "cn-north-1", planId: 1)
        }
        #expect(error?.description == "HTTP 404: no such route (requestId hdr-1)")
    }
}

@Suite struct BackoffTests {
    @Test func ceilingDoublesUpToTheCap() {
        let backoff = Backoff()
        let ceilings = (0..<10).map { backoff.ceiling(forRetry: $0) }
        #expect(ceilings == [
            .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600), .milliseconds(3200),
            .milliseconds(6400), .milliseconds(12_800), .seconds(20), .seconds(20), .seconds(20),
        ])
        #expect(backoff.ceiling(forRetry: 1000) == .seconds(20))
    }

    @Test func fullJitterSpansZeroToCeiling() {
        #expect(Backoff(random: { 0 }).delay(forRetry: 3) == .zero)
        #expect(Backoff(random: { 1 }).delay(forRetry: 3) == .milliseconds(1600))
        #expect(Backoff(random: { 0.25 }).delay(forRetry: 2) == .milliseconds(200))
        #expect(Backoff(random: { 0 }).delay(forRetry: 0, minimum: .seconds(2)) == .seconds(2))
        #expect(Backoff(random: { 0 }).delay(forRetry: 0, minimum: .seconds(60)) == .seconds(20))
        let real = Backoff()
        for retry in 0..<8 {
            let delay = real.delay(forRetry: retry)
            #expect(delay >= .zero && delay <= real.ceiling(forRetry: retry))
        }
    }

    @Test func budgetSpendsAndRefunds() {
        let budget = RetryBudget(retries: 2, refundPerSuccess: 0.5)
        #expect(budget.acquire())
        #expect(budget.acquire())
        #expect(!budget.acquire())
        budget.recordSuccess()
        #expect(!budget.acquire())
        budget.recordSuccess()
        #expect(budget.acquire())
        for _ in 0..<10 { budget.recordSuccess() }
        #expect(budget.remaining == 2)
    }

    @Test func budgetIsSafeUnderConcurrency() async {
        let budget = RetryBudget(retries: 500, refundPerSuccess: 0)
        let granted = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<100).reduce(0) { count, _ in count + (budget.acquire() ? 1 : 0) } }
            }
            return await group.reduce(0, +)
        }
        #expect(granted == 500)
        #expect(budget.remaining == 0)
    }

    @Test func policyRetriesOnlyWhatIsSafe() {
        let policy = RetryPolicy()
        let serverError = JMRError(kind: .http, httpStatus: 500, mayHaveCommitted: true)
        let throttled = JMRError(kind: .http, httpStatus: 429, mayHaveCommitted: false)
        let badRequest = JMRError(kind: .http, httpStatus: 400, mayHaveCommitted: false)
        let refused = JMRError(kind: .transport, transportError: .notSent("refused"), mayHaveCommitted: false)
        #expect(policy.shouldRetry(serverError, idempotent: true))
        #expect(!policy.shouldRetry(serverError, idempotent: false))
        #expect(policy.shouldRetry(throttled, idempotent: false))
        #expect(policy.shouldRetry(refused, idempotent: false))
        #expect(!policy.shouldRetry(badRequest, idempotent: true))
    }
}
