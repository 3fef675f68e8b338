import PlanConfig
import Testing

/// `${VAR}`, `${VAR:-default}` and `$$` in scalar values.
@Suite struct InterpolationTests {
    @Test func variablesDefaultsAndEscapes() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: ${REGION}
                plans:
                  nightly:
                    cluster: "${CLUSTER:-jmr-fallback}"
                    jobs: ["${JOB}", "${JOB}0"]
                    schedule: "0 ${MINUTE:-30} 2 * * ?"
                    description: costs $$5, not ${UNSET_OK:-zero}; $HOME and $ stay
                    jobGroup: ${EMPTY:-ignored}
                """, environment: ["REGION": "cn-east-2", "JOB": "7", "EMPTY": ""])
            #expect(fixture.messages(result) == [])
            let configuration = try #require(result.configuration)
            #expect(configuration.region == "cn-east-2")
            let spec = try #require(configuration.plan("nightly")?.spec)
            #expect(spec.cluster == "jmr-fallback")
            #expect(spec.jobs == ["7", "70"])
            #expect(spec.schedule.description == "0 30 2 * * ?")
            #expect(spec.description == "costs $5, not zero; $HOME and $ stay")
            // A variable that is set (even to "") wins over the default.
            #expect(spec.jobGroup == "")
        }
    }

    @Test func environmentIsTheLoadersNotTheProcesss() throws {
        try withFixture { fixture in
            try fixture.write("plans.yaml", """
                version: 1
                region: ${R}
                plans: {}
                """)
            #expect(fixture.load(["plans.yaml"], environment: ["R": "one"]).configuration?.region == "one")
            #expect(fixture.load(["plans.yaml"], environment: ["R": "two"]).configuration?.region == "two")
        }
    }

    @Test func unsetVariableIsReportedAtTheDollarSign() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  nightly:
                    cluster: pre-${NOPE}
                    jobs: ["${JOB}"]
                    schedule: "0 30 2 * * ?"
                    description: "a ${ALSO_NOPE} b"
                """, environment: ["JOB": "1"])
            #expect(fixture.messages(result) == [
                "plans.yaml:5:18: error: environment variable 'NOPE' is not set (use ${NOPE:-default} to give a default)",
                "plans.yaml:8:21: error: environment variable 'ALSO_NOPE' is not set (use ${ALSO_NOPE:-default} to give a default)",
            ])
        }
    }

    @Test func quotedEscapesBeforeTheDollarAreCountedInTheSource() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  nightly:
                    cluster: "\\t${NOPE}"
                    jobs: [1]
                    schedule: "0 30 2 * * ?"
                    description: 'it''s ${ALSO_NOPE}'
                """)
            #expect(fixture.messages(result) == [
                "plans.yaml:5:17: error: environment variable 'NOPE' is not set (use ${NOPE:-default} to give a default)",
                "plans.yaml:8:25: error: environment variable 'ALSO_NOPE' is not set (use ${ALSO_NOPE:-default} to give a default)",
            ])
        }
    }

    @Test func columnsCountUnicodeScalarsLikeYAML() throws {
        try withFixture { fixture in
            // "e" + U+0301 is one Character but two Unicode scalars (two YAML columns).
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  nightly:
                    cluster: e\u{301} ${NOPE}
                    jobs: [1]
                    schedule: "0 30 2 * * ?"
                """)
            #expect(fixture.messages(result) == [
                "plans.yaml:5:17: error: environment variable 'NOPE' is not set (use ${NOPE:-default} to give a default)",
            ])
        }
    }

    @Test func malformedReferences() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  nightly:
                    cluster: "x${1BAD}"
                    jobs: [1]
                    schedule: "0 30 2 * * ?"
                    description: open ${NAME
                """)
            #expect(fixture.messages(result) == [
                "plans.yaml:5:16: error: '${1BAD}' is not a valid variable reference; use ${NAME} or ${NAME:-default}",
                "plans.yaml:8:23: error: unterminated '${' in value",
            ])
        }
    }

    @Test func interpolatedScheduleErrorsPointAtTheScalar() throws {
        try withFixture { fixture in
            // After interpolation the offset inside the value no longer maps onto the source.
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  nightly:
                    cluster: c
                    jobs: [1]
                    schedule: "0 ${MINUTE} 2 * * ?"
                """, environment: ["MINUTE": "75"])
            #expect(fixture.messages(result) == ["plans.yaml:7:15: error: invalid schedule: minute 75 is out of range 0-59"])
        }
    }
}
