import PlanConfig
import Testing

/// Errors from the YAML layer reach the loader's diagnostics with their positions.
@Suite struct YAMLErrorTests {
    @Test func duplicateKeyNamesTheFirst() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  nightly:
                    cluster: a
                    jobs: [1]
                    cluster: b
                """)
            #expect(fixture.messages(result) == ["plans.yaml:7:5: error: duplicate key 'cluster' (first at 5:5)"])
            #expect(result.configuration == nil)
        }
    }

    @Test func duplicatePlanNameInOneMapping() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  x: {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
                  x: {cluster: c, jobs: [1], schedule: "0 0 1 * * ?"}
                """)
            #expect(fixture.messages(result) == ["plans.yaml:5:3: error: duplicate key 'x' (first at 4:3)"])
        }
    }

    @Test func tabIndentationIsPositioned() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: "version: 1\nregion: cn-north-1\nplans:\n\tnightly: {}\n")
            let messages = fixture.messages(result)
            #expect(messages.count == 1)
            #expect(messages.first?.hasPrefix("plans.yaml:4:1: error: ") == true)
            #expect(result.configuration == nil)
        }
    }

    @Test func invalidUTF8IsPositioned() throws {
        try withFixture { fixture in
            try fixture.write("plans.yaml", bytes: Array("version: 1\nregion: cn".utf8) + [0xFF] + Array("\nplans: {}\n".utf8))
            let result = fixture.load(["plans.yaml"])
            #expect(fixture.messages(result) == ["plans.yaml:2:11: error: invalid leading UTF-8 octet (byte 0xFF)"])
        }
    }

    @Test func aParseErrorInOneFileDoesNotHideErrorsInAnother() throws {
        try withFixture { fixture in
            try fixture.write("a.yaml", "version: 1\nregion: [unclosed\n")
            try fixture.write("b.yaml", "version: 2\nregion: cn-north-1\nplans: {}\n")
            let result = fixture.load(["a.yaml", "b.yaml"])
            let messages = fixture.messages(result)
            #expect(messages.count == 2)
            #expect(messages.first?.hasPrefix("a.yaml:3:1: error: ") == true)
            #expect(messages.last == "b.yaml:1:10: error: unknown version '2'; this jmr-apply reads version 1")
        }
    }
}
