import PlanConfig
import Testing

/// The fields of one plan: types, required fields, names and unknown keys.
@Suite struct PlanFieldTests {
    @Test func jobsAsAMappingIsRefused() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  nightly:
                    cluster: jmr-1
                    jobs: {first: 1001}
                    schedule: "0 30 2 * * ?"
                """)
            // The missing-field check does not repeat the invalid 'jobs'.
            #expect(fixture.messages(result) == ["plans.yaml:6:11: error: jobs must be a sequence of job ids, found a mapping"])
        }
    }

    @Test func jobsAsAScalarIsRefused() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  nightly: {cluster: jmr-1, jobs: 1001, schedule: "0 30 2 * * ?"}
                """)
            #expect(fixture.messages(result) == ["plans.yaml:4:35: error: jobs must be a sequence of job ids, found a scalar"])
        }
    }

    @Test func emptyJobs() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  nightly:
                    cluster: jmr-1
                    jobs: []
                    schedule: "0 30 2 * * ?"
                """)
            #expect(fixture.messages(result) == ["plans.yaml:6:11: error: jobs must not be empty: list at least one job id"])
        }
    }

    @Test func jobIdWithACommaOrEmpty() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  nightly:
                    cluster: jmr-1
                    jobs:
                      - 1001
                      - "1002,1003"
                      - " "
                      - [1004]
                    schedule: "0 30 2 * * ?"
                """)
            #expect(fixture.messages(result) == [
                "plans.yaml:8:9: error: a job id must not contain ',' (list each job id as its own item)",
                "plans.yaml:9:9: error: a job id must not be empty",
                "plans.yaml:10:9: error: a job id must be an integer or a string, found a sequence",
            ])
        }
    }

    @Test func jobIdsAreTrimmedAndKeptInOrder() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  nightly:
                    cluster: jmr-1
                    jobs: [3, " 1 ", "2"]
                    schedule: "0 30 2 * * ?"
                """)
            let plan = try #require(result.configuration?.plan("nightly"))
            #expect(plan.spec.jobs == ["3", "1", "2"])
            #expect(plan.spec.jobIds == "3,1,2")
        }
    }

    @Test func scheduleOfTheWrongType() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  nightly:
                    cluster: jmr-1
                    jobs: [1001]
                    schedule: ["0", "30", "2", "*", "*", "?"]
                  hourly:
                    cluster: jmr-1
                    jobs: [1001]
                    schedule:
                """)
            #expect(fixture.messages(result) == [
                "plans.yaml:7:15: error: schedule must be a Quartz expression such as \"0 30 2 * * ?\" or a mapping of time, minute, hour, day, month and week, found a sequence",
                "plans.yaml:11:14: error: schedule must be a Quartz expression such as \"0 30 2 * * ?\" or a mapping of time, minute, hour, day, month and week, found null",
            ])
        }
    }

    @Test func enabledMustBeABool() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  nightly:
                    cluster: jmr-1
                    jobs: [1001]
                    schedule: "0 30 2 * * ?"
                    enabled: yes
                  hourly:
                    cluster: jmr-1
                    jobs: [1001]
                    schedule: "0 30 2 * * ?"
                    sync: {}
                """)
            #expect(fixture.messages(result) == [
                "plans.yaml:8:14: error: enabled must be true or false, found 'yes'",
                "plans.yaml:13:11: error: sync must be true or false, found a mapping",
            ])
        }
    }

    @Test func enabledAndSyncValues() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  a: {cluster: c, jobs: [1], schedule: "0 0 1 * * ?", enabled: false, sync: True}
                  b: {cluster: c, jobs: [1], schedule: "0 0 1 * * ?", enabled: TRUE}
                  c: {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
                """)
            let configuration = try #require(result.configuration)
            #expect(configuration.plan("a")?.spec.enabled == false)
            #expect(configuration.plan("a")?.spec.sync == true)
            #expect(configuration.plan("b")?.spec.enabled == true)
            #expect(configuration.plan("b")?.spec.sync == nil)
            #expect(configuration.plan("c")?.spec.enabled == true)
        }
    }

    @Test func missingRequiredFieldsAreNamed() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  nightly:
                    description: no cluster, jobs or schedule
                  hourly:
                    cluster: jmr-1
                    jobs: [1]
                  empty:
                """)
            #expect(fixture.messages(result) == [
                "plans.yaml:4:3: error: plan 'nightly' is missing 'cluster', 'jobs', 'schedule' (set them in the plan or in defaults)",
                "plans.yaml:6:3: error: plan 'hourly' is missing 'schedule' (set it in the plan or in defaults)",
                "plans.yaml:9:9: error: plan 'empty' must be a mapping of plan fields, found null",
            ])
        }
    }

    @Test func unknownPlanKeySuggestsTheClosest() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  nightly:
                    cluster: jmr-1
                    jobs: [1001]
                    shedule: "0 30 2 * * ?"
                    schedule: "0 30 2 * * ?"
                    timeZone: UTC
                    colour: blue
                """)
            #expect(fixture.messages(result) == [
                "plans.yaml:7:5: error: unknown key 'shedule' in plan 'nightly'; did you mean 'schedule'?",
                "plans.yaml:9:5: error: unknown key 'timeZone' in plan 'nightly'; did you mean 'timezone'?",
                "plans.yaml:10:5: error: unknown key 'colour' in plan 'nightly' (expected one of: cluster, jobs, schedule, timezone, description, failurePolicy, type, enabled, az, clusterName, jobGroup, trigger, sync)",
            ])
        }
    }

    @Test func unknownKeyInDefaults() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                defaults:
                  clustr: jmr-1
                plans: {}
                """)
            #expect(fixture.messages(result) == ["plans.yaml:4:3: error: unknown key 'clustr' in defaults; did you mean 'cluster'?"])
        }
    }

    @Test func emptyPlanName() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  "": {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
                """)
            #expect(fixture.messages(result) == ["plans.yaml:4:3: error: a plan name must not be empty"])
        }
    }

    @Test func planNameLongerThan128Characters() throws {
        try withFixture { fixture in
            let ok = String(repeating: "n", count: 128)
            let long = String(repeating: "é", count: 129)
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  \(ok): {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
                  \(long): {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
                """)
            #expect(fixture.messages(result) == ["plans.yaml:5:3: error: plan name is 129 characters long; the limit is 128"])
        }
    }

    @Test func planNameWithAControlCharacter() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  "nightly\\tjob": {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
                  "bell\\a": {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
                """)
            #expect(fixture.messages(result) == [
                "plans.yaml:4:3: error: plan name contains the control character U+9; names must be printable",
                "plans.yaml:5:3: error: plan name contains the control character U+7; names must be printable",
            ])
        }
    }

    @Test func planNameMustBeAScalar() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  ? [a, b]
                  : {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
                  ~: {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
                """)
            #expect(fixture.messages(result) == [
                "plans.yaml:4:5: error: a plan name must be a string, found a sequence",
                "plans.yaml:6:3: error: a plan name must be a string, found null",
            ])
        }
    }

    @Test func optionalFieldsAreCarriedIntoTheSpec() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  nightly:
                    cluster: jmr-1
                    jobs: [1001]
                    schedule: "0 30 2 * * ?"
                    description: Nightly ETL
                    failurePolicy: CONTINUE
                    type: cron
                    az: cn-north-1a
                    clusterName: analytics
                    jobGroup: etl
                    trigger: time
                """)
            let spec = try #require(result.configuration?.plan("nightly")?.spec)
            #expect(spec == PlanSpec(
                cluster: "jmr-1", jobs: ["1001"], schedule: Schedule(fields: ["0", "30", "2", "*", "*", "?"]),
                description: "Nightly ETL", failurePolicy: "CONTINUE", type: "cron", enabled: true, az: "cn-north-1a",
                clusterName: "analytics", jobGroup: "etl", trigger: "time", sync: nil
            ))
        }
    }

    @Test func plansAreSortedByName() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                defaults: {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
                plans:
                  zeta: {}
                  alpha: {}
                  Mid: {}
                """)
            #expect(result.configuration?.plans.map(\.name) == ["Mid", "alpha", "zeta"])
        }
    }
}
