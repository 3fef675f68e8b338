import PlanConfig
import Testing

/// The top level of a plans file: version, region, plans, and what the file must be.
@Suite struct DocumentTests {
    @Test func validFileLoadsWithoutDiagnostics() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  nightly:
                    cluster: jmr-1
                    jobs: [1001, "1002"]
                    schedule: "0 30 2 * * ?"
                """)
            #expect(fixture.messages(result) == [])
            let configuration = try #require(result.configuration)
            #expect(configuration.region == "cn-north-1")
            let plan = try #require(configuration.plan("nightly"))
            #expect(plan.spec.cluster == "jmr-1")
            #expect(plan.spec.jobs == ["1001", "1002"])
            #expect(plan.spec.schedule.description == "0 30 2 * * ?")
            #expect(plan.spec.enabled)
            #expect(plan.timeZoneName == "UTC")
            #expect(plan.location.line == 4 && plan.location.column == 3)
            #expect(plan.location.file == fixture.path("plans.yaml"))
        }
    }

    @Test func missingVersionRegionAndPlans() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                # nothing but an unrelated key
                owner: data-team
                """)
            #expect(fixture.messages(result) == [
                "plans.yaml:2:1: error: missing required key 'plans' (a mapping from plan name to plan)",
                "plans.yaml:2:1: error: missing required key 'region' (the JD Cloud regionId, e.g. cn-north-1)",
                "plans.yaml:2:1: error: missing required key 'version' (add 'version: 1')",
                "plans.yaml:2:1: error: unknown key 'owner' in the top level (expected one of: version, region, defaults, plans)",
            ])
            #expect(result.configuration == nil)
            #expect(result.hasErrors)
        }
    }

    @Test func missingVersionAlone() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                region: cn-north-1
                plans: {}
                """)
            #expect(fixture.messages(result) == ["plans.yaml:1:1: error: missing required key 'version' (add 'version: 1')"])
        }
    }

    @Test func missingRegionAlone() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                plans: {}
                """)
            #expect(fixture.messages(result) == ["plans.yaml:1:1: error: missing required key 'region' (the JD Cloud regionId, e.g. cn-north-1)"])
        }
    }

    @Test func missingPlansAlone() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                """)
            #expect(fixture.messages(result) == ["plans.yaml:1:1: error: missing required key 'plans' (a mapping from plan name to plan)"])
        }
    }

    @Test(arguments: [("2", 10), ("\"1.0\"", 10), ("v1", 10)])
    func unknownVersion(written: String, column: Int) throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: \(written)
                region: cn-north-1
                plans: {}
                """)
            let value = written.replacingOccurrences(of: "\"", with: "")
            #expect(fixture.messages(result) == ["plans.yaml:1:\(column): error: unknown version '\(value)'; this jmr-apply reads version 1"])
        }
    }

    @Test func versionMustBeAScalar() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: [1]
                region: cn-north-1
                plans: {}
                """)
            #expect(fixture.messages(result) == ["plans.yaml:1:10: error: version must be the number 1, found a sequence"])
        }
    }

    @Test func emptyRegion() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: " "
                plans: {}
                """)
            #expect(fixture.messages(result) == ["plans.yaml:2:9: error: region must not be empty"])
        }
    }

    @Test func emptyPlansIsValid() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                """)
            #expect(fixture.messages(result) == [])
            #expect(result.configuration?.plans.isEmpty == true)
        }
    }

    @Test func plansMustBeAMapping() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  - nightly
                """)
            #expect(fixture.messages(result) == ["plans.yaml:4:3: error: plans must be a mapping from plan name to plan, found a sequence"])
        }
    }

    @Test func emptyFile() throws {
        try withFixture { fixture in
            let empty = try fixture.load(yaml: "")
            #expect(fixture.messages(empty) == [
                "plans.yaml:1:1: error: the file is empty; expected a mapping with version, region and plans",
            ])
            let comment = try fixture.load(yaml: "# just a comment\n\n")
            #expect(fixture.messages(comment) == [
                "plans.yaml:1:1: error: the file is empty; expected a mapping with version, region and plans",
            ])
        }
    }

    @Test func topLevelSequenceOrScalarIsRefused() throws {
        try withFixture { fixture in
            let sequence = try fixture.load(yaml: "- version: 1\n- region: x\n")
            #expect(fixture.messages(sequence) == [
                "plans.yaml:1:1: error: a plans file must be a mapping with version, region and plans, found a sequence",
            ])
            let scalar = try fixture.load(yaml: "\n  just text\n")
            #expect(fixture.messages(scalar) == [
                "plans.yaml:2:3: error: a plans file must be a mapping with version, region and plans, found a scalar",
            ])
        }
    }

    @Test func unknownTopLevelKeySuggestsTheClosest() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                default:
                  cluster: jmr-1
                plan: {}
                """)
            #expect(fixture.messages(result) == [
                "plans.yaml:1:1: error: missing required key 'plans' (a mapping from plan name to plan)",
                "plans.yaml:3:1: error: unknown key 'default' in the top level; did you mean 'defaults'?",
                "plans.yaml:5:1: error: unknown key 'plan' in the top level; did you mean 'plans'?",
            ])
        }
    }

    @Test func severalDocumentsInOneFileShareTheChecks() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  a: {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
                ---
                version: 1
                region: cn-north-1
                plans:
                  a: {cluster: c, jobs: [2], schedule: "0 0 2 * * ?"}
                  b: {cluster: c, jobs: [3], schedule: "0 0 3 * * ?"}
                """)
            #expect(fixture.messages(result) == ["plans.yaml:9:3: error: plan 'a' is declared twice (first at plans.yaml:4:3)"])
        }
    }
}
