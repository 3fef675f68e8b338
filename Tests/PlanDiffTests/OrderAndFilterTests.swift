import PlanConfig
import PlanDiff
import PlanState
import Testing

@Suite struct OrderAndFilterTests {
    private static let names = ["etl-daily", "etl-hourly", "report-weekly", "report-daily", "cleanup", "Zulu", "alpha"]

    private func declared(_ names: [String]) throws -> Configuration {
        try configuration(plansFile(
            names.map { "  \($0): {}" }.joined(separator: "\n"),
            defaults: "  cluster: c\n  jobs: [1]\n  schedule: \"0 0 1 * * ?\""
        ))
    }

    @Test func changesAreSortedByNameWhateverTheInputOrder() throws {
        let config = try declared(Self.names)
        // State holds some of them (dictionary order is arbitrary) plus undeclared ones.
        var state = appliedState(try declared(["report-daily", "alpha", "old-b", "old-a"]))
        state.plans["report-daily"]?.spec?.jobs = ["2"]
        let expected = [
            "Zulu: create", "alpha: no-op", "cleanup: create", "etl-daily: create", "etl-hourly: create",
            "old-a: delete", "old-b: delete", "report-daily: update", "report-weekly: create",
        ]
        for _ in 0..<5 {
            #expect(PlanDiff(configuration: config, state: state).outline == expected)
        }
    }

    @Test func targetGlobsSelect() throws {
        let config = try declared(Self.names)
        let diff = PlanDiff(configuration: config, state: nil, filter: PlanFilter(targets: ["etl-*", "alpha"]))
        #expect(diff.changes.map(\.name) == ["alpha", "etl-daily", "etl-hourly"])
    }

    @Test func excludeGlobsRemove() throws {
        let config = try declared(Self.names)
        let diff = PlanDiff(configuration: config, state: nil, filter: PlanFilter(excludes: ["*-daily", "[A-Z]*"]))
        #expect(diff.changes.map(\.name) == ["alpha", "cleanup", "etl-hourly", "report-weekly"])
    }

    @Test func excludeWinsOverTarget() throws {
        let config = try declared(Self.names)
        let diff = PlanDiff(configuration: config, state: nil, filter: PlanFilter(targets: ["report-*"], excludes: ["*-weekly"]))
        #expect(diff.changes.map(\.name) == ["report-daily"])
    }

    @Test func globCharacterClassesAndSingleCharacters() throws {
        let config = try declared(["job-1", "job-2", "job-10", "job-a"])
        #expect(PlanDiff(configuration: config, state: nil, filter: PlanFilter(targets: ["job-?"])).changes.map(\.name) == ["job-1", "job-2", "job-a"])
        #expect(PlanDiff(configuration: config, state: nil, filter: PlanFilter(targets: ["job-[0-9]*"])).changes.map(\.name) == ["job-1", "job-10", "job-2"])
    }

    @Test func filtersApplyToDeletesToo() throws {
        let config = try declared(["keep"])
        let state = appliedState(try declared(["keep", "old-etl", "old-report"]))
        let diff = PlanDiff(configuration: config, state: state, filter: PlanFilter(targets: ["*-etl", "keep"]))
        #expect(diff.outline == ["keep: no-op", "old-etl: delete"])
        let excluded = PlanDiff(configuration: config, state: state, filter: PlanFilter(excludes: ["old-*"]))
        #expect(excluded.outline == ["keep: no-op"])
    }

    @Test func filterWithNoMatchIsEmpty() throws {
        let diff = PlanDiff(configuration: try declared(Self.names), state: nil, filter: PlanFilter(targets: ["nothing*"]))
        #expect(diff.changes.isEmpty)
        #expect(diff.summary == PlanDiff.Summary())
    }

    @Test func emptyFilterSelectsEverything() {
        let filter = PlanFilter()
        #expect(filter.isEmpty)
        #expect(filter.selects("anything"))
        #expect(!PlanFilter(targets: ["a"]).isEmpty)
    }
}
