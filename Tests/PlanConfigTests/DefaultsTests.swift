import PlanConfig
import Testing

/// `defaults`: merged under every plan; the plan wins; null unsets.
@Suite struct DefaultsTests {
    @Test func planValuesWinOverDefaults() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                defaults:
                  cluster: jmr-default
                  jobs: [1]
                  schedule: "0 0 1 * * ?"
                  description: from defaults
                  timezone: Asia/Shanghai
                  enabled: false
                plans:
                  inherits: {}
                  overrides:
                    cluster: jmr-other
                    jobs: [2, 3]
                    schedule: {time: 0, minute: 15, hour: 4, day: "*", month: "*", week: "?"}
                    description: own
                    timezone: UTC
                    enabled: true
                """)
            #expect(fixture.messages(result) == [])
            let configuration = try #require(result.configuration)
            let inherits = try #require(configuration.plan("inherits"))
            #expect(inherits.spec == PlanSpec(
                cluster: "jmr-default", jobs: ["1"], schedule: Schedule(fields: ["0", "0", "1", "*", "*", "?"]),
                description: "from defaults", enabled: false
            ))
            #expect(inherits.timeZoneName == "Asia/Shanghai")
            let overrides = try #require(configuration.plan("overrides"))
            #expect(overrides.spec == PlanSpec(
                cluster: "jmr-other", jobs: ["2", "3"], schedule: Schedule(fields: ["0", "15", "4", "*", "*", "?"]),
                description: "own", enabled: true
            ))
            #expect(overrides.timeZoneName == "UTC")
        }
    }

    @Test func nullUnsetsADefault() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                defaults:
                  cluster: jmr-1
                  jobs: [1]
                  schedule: "0 0 1 * * ?"
                  description: from defaults
                  jobGroup: etl
                  timezone: Asia/Shanghai
                  enabled: false
                  sync: true
                plans:
                  unset:
                    description: null
                    jobGroup: ~
                    timezone:
                    enabled: null
                    sync: null
                """)
            #expect(fixture.messages(result) == [])
            let plan = try #require(result.configuration?.plan("unset"))
            #expect(plan.spec.description == nil)
            #expect(plan.spec.jobGroup == nil)
            #expect(plan.spec.sync == nil)
            // Unset `enabled` falls back to the built-in default, true.
            #expect(plan.spec.enabled == true)
            #expect(plan.timeZoneName == "UTC")
        }
    }

    @Test func defaultsThatAreExplicitlyRepeatedGiveTheSameSpec() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                defaults:
                  cluster: jmr-1
                  enabled: true
                plans:
                  implicit:
                    jobs: [1]
                    schedule: "0 0 1 * * ?"
                  explicit:
                    cluster: jmr-1
                    enabled: true
                    jobs: ["1"]
                    schedule: "0 0 1 * * ?"
                """)
            let configuration = try #require(result.configuration)
            #expect(configuration.plan("implicit")?.spec == configuration.plan("explicit")?.spec)
        }
    }

    @Test func invalidDefaultIsReportedOnceAtItsOwnPosition() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                defaults:
                  cluster: jmr-1
                  jobs: {a: 1}
                  schedule: "0 0 1 * * ?"
                plans:
                  a: {}
                  b: {}
                """)
            // Neither plan repeats the error or claims 'jobs' is missing.
            #expect(fixture.messages(result) == ["plans.yaml:5:9: error: jobs must be a sequence of job ids, found a mapping"])
        }
    }

    @Test func defaultsMustBeAMapping() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                defaults: [cluster]
                plans:
                  a: {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
                """)
            #expect(fixture.messages(result) == ["plans.yaml:3:11: error: defaults must be a mapping of plan fields, found a sequence"])
        }
    }
}
