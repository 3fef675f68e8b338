import Foundation
import PlanConfig
import Testing

/// Several files and directories: expansion, duplicate names, one region, sorting.
@Suite struct MultipleFileTests {
    private static func file(region: String = "cn-north-1", plans: [String]) -> String {
        "version: 1\nregion: \(region)\nplans:\n" + plans.map { "  \($0): {cluster: c, jobs: [1], schedule: \"0 0 1 * * ?\"}\n" }.joined()
    }

    @Test func directoriesExpandToSortedYAMLFiles() throws {
        try withFixture { fixture in
            try fixture.write("plans/b.yml", Self.file(plans: ["from-b"]))
            try fixture.write("plans/a.yaml", Self.file(plans: ["from-a"]))
            try fixture.write("plans/c.yaml", Self.file(plans: ["from-c"]))
            try fixture.write("plans/notes.txt", "not yaml at all: [")
            try fixture.write("plans/.hidden.yaml", "not: [valid")
            try fixture.write("plans/nested/d.yaml", "not: [valid")
            let result = fixture.load(["plans"])
            #expect(fixture.messages(result) == [])
            #expect(result.sources.keys.sorted() == ["a.yaml", "b.yml", "c.yaml"].map { fixture.path("plans/\($0)") })
            #expect(result.configuration?.plans.map(\.name) == ["from-a", "from-b", "from-c"])
        }
    }

    @Test func aDirectoryWithATrailingSlashNamesFilesWithOneSlash() throws {
        try withFixture { fixture in
            try fixture.write("plans/a.yaml", Self.file(plans: ["x"]))
            let result = ConfigLoader(environment: [:]).load(paths: [fixture.path("plans") + "/"])
            #expect(result.configuration?.plan("x")?.location.file == fixture.path("plans/a.yaml"))
        }
    }

    @Test func sortedExpansionDecidesWhichDuplicateComesFirst() throws {
        try withFixture { fixture in
            try fixture.write("plans/2-second.yaml", Self.file(plans: ["shared"]))
            try fixture.write("plans/1-first.yaml", Self.file(plans: ["other", "shared"]))
            let result = fixture.load(["plans"])
            #expect(fixture.messages(result) == [
                "plans/2-second.yaml:4:3: error: plan 'shared' is declared twice (first at plans/1-first.yaml:5:3)",
            ])
        }
    }

    @Test func duplicatePlanAcrossTwoFilesNamesBothPositions() throws {
        try withFixture { fixture in
            try fixture.write("a.yaml", Self.file(plans: ["one", "nightly"]))
            try fixture.write("b.yaml", Self.file(plans: ["two", "three", "nightly"]))
            let result = fixture.load(["a.yaml", "b.yaml"])
            #expect(fixture.messages(result) == ["b.yaml:6:3: error: plan 'nightly' is declared twice (first at a.yaml:5:3)"])
            #expect(result.configuration == nil)
        }
    }

    @Test func duplicateOfAnInvalidPlanIsStillReported() throws {
        try withFixture { fixture in
            // The first declaration has an error of its own; the second must not hide behind it.
            try fixture.write("a.yaml", "version: 1\nregion: cn-north-1\nplans:\n  nightly: {cluster: c, jobs: [], schedule: \"0 0 1 * * ?\"}\n")
            try fixture.write("b.yaml", Self.file(plans: ["nightly"]))
            let result = fixture.load(["a.yaml", "b.yaml"])
            #expect(fixture.messages(result) == [
                "a.yaml:4:31: error: jobs must not be empty: list at least one job id",
                "b.yaml:4:3: error: plan 'nightly' is declared twice (first at a.yaml:4:3)",
            ])
        }
    }

    @Test func fileOverTheSizeLimitIsRefusedUnread() throws {
        try withFixture { fixture in
            // A sparse file: no 64 MiB are written, and the loader must not read them either.
            let path = try fixture.write("huge.yaml", "version: 1\n")
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.truncate(atOffset: UInt64(ConfigLoader.maxFileBytes) + 1)
            try handle.close()
            let result = fixture.load(["huge.yaml"])
            #expect(fixture.messages(result) == ["huge.yaml:1:1: error: the file is 67108865 bytes; the limit is 64 MiB"])
        }
    }

    @Test func regionMismatchAcrossFiles() throws {
        try withFixture { fixture in
            try fixture.write("a.yaml", Self.file(region: "cn-north-1", plans: ["one"]))
            try fixture.write("b.yaml", Self.file(region: "cn-east-2", plans: ["two"]))
            try fixture.write("c.yaml", Self.file(region: "cn-north-1", plans: ["three"]))
            let result = fixture.load(["a.yaml", "b.yaml", "c.yaml"])
            #expect(fixture.messages(result) == [
                "b.yaml:2:9: error: region 'cn-east-2' differs from 'cn-north-1' declared at a.yaml:2:9; all files must declare one region",
            ])
        }
    }

    @Test func filesWithoutARegionTakeTheOtherFilesRegion() throws {
        try withFixture { fixture in
            try fixture.write("a.yaml", Self.file(plans: ["one"]))
            try fixture.write("b.yaml", "version: 1\nplans: {}\n")
            let result = fixture.load(["a.yaml", "b.yaml"])
            // A region is required in every file.
            #expect(fixture.messages(result) == ["b.yaml:1:1: error: missing required key 'region' (the JD Cloud regionId, e.g. cn-north-1)"])
        }
    }

    @Test func allErrorsAreReportedAtOnceAndSorted() throws {
        try withFixture { fixture in
            // Given in reverse order; errors come back sorted by file, line, column.
            try fixture.write("b.yaml", """
                version: 1
                region: cn-north-1
                plans:
                  p: {cluster: c, jobs: [], schedule: "0 0 25 * * ?"}
                """)
            try fixture.write("a.yaml", """
                version: 1
                region: cn-north-1
                plans:
                  q:
                    cluster: c
                    jobs: [1]
                    schedule: "0 0 1 * * ?"
                    enabled: 3
                  r: {clster: c}
                """)
            let result = fixture.load(["b.yaml", "a.yaml"])
            #expect(fixture.messages(result) == [
                "a.yaml:8:14: error: enabled must be true or false, found '3'",
                "a.yaml:9:3: error: plan 'r' is missing 'cluster', 'jobs', 'schedule' (set them in the plan or in defaults)",
                "a.yaml:9:7: error: unknown key 'clster' in plan 'r'; did you mean 'cluster'?",
                "b.yaml:4:25: error: jobs must not be empty: list at least one job id",
                "b.yaml:4:44: error: invalid schedule: hour 25 is out of range 0-23",
            ])
            #expect(result.diagnostics == result.diagnostics.sorted())
        }
    }

    @Test func missingPathAndEmptyDirectory() throws {
        try withFixture { fixture in
            try fixture.write("empty/readme.md", "nothing here")
            try fixture.write("ok.yaml", Self.file(plans: ["one"]))
            let result = fixture.load(["ok.yaml", "missing.yaml", "empty"])
            #expect(fixture.messages(result) == [
                "error: empty: the directory has no .yaml or .yml files",
                "error: missing.yaml: no such file or directory",
            ])
            #expect(result.configuration == nil)
        }
    }

    @Test func sourcesAreKeptByPathAsGiven() throws {
        try withFixture { fixture in
            let text = Self.file(plans: ["one"])
            try fixture.write("a.yaml", text)
            let result = fixture.load(["a.yaml"])
            #expect(result.sources[fixture.path("a.yaml")] == Array(text.utf8))
        }
    }
}
