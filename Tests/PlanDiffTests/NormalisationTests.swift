import PlanConfig
import PlanDiff
import PlanState
import Testing

/// Spellings that mean the same plan never produce a phantom diff.
@Suite struct NormalisationTests {
    private static let pairs: [(String, String)] = [
        // Weekday and month names in any case.
        (#"schedule: "0 0 2 ? * mon-fri""#, #"schedule: "0 0 2 ? * MON-FRI""#),
        (#"schedule: "0 0 2 1 jan,Feb ?""#, #"schedule: "0 0 2 1 JAN,FEB ?""#),
        // Whitespace around and between fields.
        (#"schedule: "0 30 2 * * ?""#, #"schedule: "  0   30 2 * *   ?  ""#),
        // String form and mapping form, quoted or plain.
        (#"schedule: "0 30 2 ? * MON""#, #"schedule: {time: 0, minute: 30, hour: 2, day: "?", month: "*", week: mon}"#),
        (#"schedule: "0 30 2 ? * MON""#, "schedule:\n      time: \"0\"\n      minute: \" 30 \"\n      hour: 2\n      day: \"?\"\n      month: \"*\"\n      week: \"Mon\""),
    ]

    @Test(arguments: pairs)
    func equivalentSchedulesDoNotDiff(first: String, second: String) throws {
        let a = try configuration(plansFile("  nightly:\n    \(first)", defaults: "  cluster: c\n  jobs: [1]"))
        let b = try configuration(plansFile("  nightly:\n    \(second)", defaults: "  cluster: c\n  jobs: [1]"))
        #expect(PlanDiff(configuration: b, state: appliedState(a)).outline == ["nightly: no-op"])
        #expect(PlanDiff(configuration: a, state: appliedState(b)).outline == ["nightly: no-op"])
    }

    @Test func integerAndStringJobIdsAreTheSame() throws {
        let a = try configuration(plansFile(#"  nightly: {cluster: c, jobs: [1001, 1002], schedule: "0 0 1 * * ?"}"#))
        let b = try configuration(plansFile(#"  nightly: {cluster: c, jobs: ["1001", " 1002 "], schedule: "0 0 1 * * ?"}"#))
        #expect(PlanDiff(configuration: b, state: appliedState(a)).outline == ["nightly: no-op"])
    }

    @Test func defaultsAndExplicitValuesAreTheSame() throws {
        let a = try configuration(plansFile(
            "  nightly: {jobs: [1]}",
            defaults: "  cluster: jmr-1\n  schedule: \"0 0 1 * * ?\"\n  description: etl\n  enabled: true"
        ))
        let b = try configuration(plansFile(#"  nightly: {cluster: jmr-1, jobs: [1], schedule: "0 0 1 * * ?", description: etl}"#))
        #expect(PlanDiff(configuration: b, state: appliedState(a)).outline == ["nightly: no-op"])
    }

    @Test func interpolatedAndLiteralValuesAreTheSame() throws {
        let a = try configuration(plansFile(#"  nightly: {cluster: "${CLUSTER}", jobs: [1], schedule: "0 0 1 * * ?"}"#), environment: ["CLUSTER": "jmr-1"])
        let b = try configuration(plansFile(#"  nightly: {cluster: jmr-1, jobs: [1], schedule: "0 0 1 * * ?"}"#))
        #expect(PlanDiff(configuration: b, state: appliedState(a)).outline == ["nightly: no-op"])
    }

    @Test func stateRoundTripDoesNotDiff() throws {
        // What a save writes and a later load reads compares equal to the declared spec.
        let config = try configuration(plansFile(#"  nightly: {cluster: c, jobs: [1], schedule: "0 0 2 ? * mon-fri", sync: false, jobGroup: g}"#))
        let decoded = try StateCoding.decode(try StateCoding.encode(appliedState(config)), store: "s", backup: nil)
        #expect(PlanDiff(configuration: config, state: decoded).outline == ["nightly: no-op"])
    }
}
