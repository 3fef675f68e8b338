import Testing
@testable import JMRSim

@Suite("Listing: filters and paging")
struct PagingTests {
    @Test func pagesCoverEveryPlanInIdOrderWithTotalNum() throws {
        let sim = try TestServer()
        for index in 0..<23 { try sim.create("plan-\(index)") }
        var seen: [Int] = []
        for page in 1...3 {
            let result = try sim.list(#"{"selectParams":{"pageNum":\#(page),"pageSize":10}}"#)
            #expect(result.total == 23)
            #expect(result.plans.count == (page < 3 ? 10 : 3))
            seen += result.plans.compactMap { $0["planId"]?.intValue }
        }
        #expect(seen == Array(1000..<1023))
        let beyond = try sim.list(#"{"selectParams":{"pageNum":4,"pageSize":10}}"#)
        #expect(beyond.plans.isEmpty)
        #expect(beyond.total == 23)
    }

    @Test func defaultsAndLimits() throws {
        let sim = try TestServer()
        for index in 0..<12 { try sim.create("plan-\(index)") }
        let defaults = try sim.list()
        #expect(defaults.plans.count == Paging.defaultPageSize)
        #expect(defaults.total == 12)
        for bad in [#"{"selectParams":{"pageNum":0}}"#, #"{"selectParams":{"pageSize":0}}"#, #"{"selectParams":{"pageNum":"1"}}"#] {
            let response = try sim.call("/v1/regions/cn-north-1/cronJob:list", bad)
            #expect(response.status == 400, "\(bad)")
        }
        let clamped = try Paging.read(from: FieldReader(members: ["selectParams": ["pageSize": 1000]]))
        #expect(clamped.pageSize == Paging.maxPageSize)
    }

    @Test func planNameFilterIsACaseInsensitiveLikeSubstring() throws {
        let sim = try TestServer()
        for name in ["nightly-etl", "nightly-etl-backup", "Hourly-ETL", "nightly_report", "nightlyXreport"] {
            try sim.create(name)
        }
        func names(_ filter: String) throws -> [String] {
            try sim.list(#"{"jmrPlanViewModel":{"planName":"\#(filter)"},"selectParams":{"pageSize":100}}"#)
                .plans.compactMap { $0["planName"]?.stringValue }
        }
        #expect(try names("nightly-etl") == ["nightly-etl", "nightly-etl-backup"])
        #expect(try names("etl") == ["nightly-etl", "nightly-etl-backup", "Hourly-ETL"])
        // '_' is a LIKE wildcard, as behind an unescaped SQL LIKE.
        #expect(try names("nightly_report") == ["nightly_report", "nightlyXreport"])
        #expect(try names("") .count == 5)
    }

    @Test func otherFiltersMatchExactly() throws {
        let sim = try TestServer()
        try sim.create("a", extra: ["planType": "cron", "az": "az1"])
        try sim.create("b", extra: ["planType": "once", "az": "az1"])
        try sim.create("c", extra: ["planType": "cron", "az": "az2"])
        #expect(try sim.list(#"{"jmrPlanViewModel":{"planType":"cron"}}"#).total == 2)
        #expect(try sim.list(#"{"jmrPlanViewModel":{"az":"az1"}}"#).total == 2)
        #expect(try sim.list(#"{"jmrPlanViewModel":{"az":"az1","planType":"cron"}}"#).total == 1)
        #expect(try sim.list(#"{"jmrPlanViewModel":{"planType":"cro"}}"#).total == 0)
    }

    @Test func likePatterns() {
        #expect(LikePattern(containing: "a%c").matches("xxabbbcxx"))
        #expect(LikePattern(containing: "a_c").matches("abc"))
        #expect(!LikePattern(containing: "a_c").matches("ac"))
        #expect(LikePattern(containing: "ABC").matches("xabcx"))
        #expect(!LikePattern(containing: "abd").matches("abc"))
    }
}
