import PlanConfig
import Testing

/// `schedule` in string and mapping form, errors pointing at the offending character,
/// and `timezone`.
@Suite struct ScheduleTests {
    private func load(_ fixture: ConfigFixture, schedule: String, extra: String = "") throws -> LoadResult {
        // The schedule value starts at column 15 of line 7.
        try fixture.load(yaml: """
            version: 1
            region: cn-north-1
            plans:
              nightly:
                cluster: jmr-1
                jobs: [1001]
                schedule: \(schedule)\(extra)
            """)
    }

    @Test(arguments: [
        // Quoted: the column of "75" is after the opening quote.
        (#""0 75 2 * * ?""#, 18),
        (#"'0 75 2 * * ?'"#, 18),
        // Plain: no quote to skip.
        ("0 75 2 * * ?", 17),
        // Extra spaces inside the value move the column too.
        (#""0   75 2 * * ?""#, 20),
    ])
    func invalidMinuteInStringForm(schedule: String, column: Int) throws {
        try withFixture { fixture in
            let result = try load(fixture, schedule: schedule)
            #expect(fixture.messages(result) == ["plans.yaml:7:\(column): error: invalid schedule: minute 75 is out of range 0-59"])
        }
    }

    @Test func invalidHourPointsAtTheHourField() throws {
        try withFixture { fixture in
            let result = try load(fixture, schedule: #""0 30 24 * * ?""#)
            #expect(fixture.messages(result) == ["plans.yaml:7:21: error: invalid schedule: hour 24 is out of range 0-23"])
        }
    }

    @Test(arguments: [
        // minute: "75" -> the 7 after the quote.
        (#"{time: "0", minute: "75", hour: "2", day: "*", month: "*", week: "?"}"#, 36),
        // minute: 75 (plain).
        (#"{time: 0, minute: 75, hour: 2, day: "*", month: "*", week: "?"}"#, 33),
    ])
    func invalidMinuteInFlowMappingForm(schedule: String, column: Int) throws {
        try withFixture { fixture in
            let result = try load(fixture, schedule: schedule)
            #expect(fixture.messages(result) == ["plans.yaml:7:\(column): error: invalid schedule.minute: minute 75 is out of range 0-59"])
        }
    }

    @Test func invalidFieldInBlockMappingForm() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                plans:
                  quoted:
                    cluster: jmr-1
                    jobs: [1001]
                    schedule:
                      time: "0"
                      minute: "75"
                      hour: "2"
                      day: "*"
                      month: "*"
                      week: "?"
                  plain:
                    cluster: jmr-1
                    jobs: [1001]
                    schedule:
                      time: 0
                      minute: 0
                      hour: 2
                      day: "*"
                      month: "*"
                      week: MON-FRX
                """)
            #expect(fixture.messages(result) == [
                "plans.yaml:9:16: error: invalid schedule.minute: minute 75 is out of range 0-59",
                "plans.yaml:23:17: error: invalid schedule.week: unknown day-of-week name 'FRX' (use SUN-SAT or 1-7)",
            ])
        }
    }

    /// An escape is several characters in the file but one in the value.
    @Test(arguments: [(#""0\t75 2 * * ?""#, 19), (#""\x30 75 2 * * ?""#, 21), (#""\u0030 75 2 * * ?""#, 23)])
    func escapesBeforeTheErrorAreCountedInTheSource(schedule: String, column: Int) throws {
        try withFixture { fixture in
            let result = try load(fixture, schedule: schedule)
            #expect(fixture.messages(result) == ["plans.yaml:7:\(column): error: invalid schedule: minute 75 is out of range 0-59"])
        }
    }

    /// A scalar folded over several lines cannot be mapped character by character, so the
    /// error points at the scalar itself, never at a column past the end of its first line.
    @Test(arguments: ["0 30 2\n      * 13 ?", "\"0 30 2\n      * 13 ?\""])
    func multiLineScheduleErrorPointsAtTheScalar(schedule: String) throws {
        try withFixture { fixture in
            let result = try load(fixture, schedule: schedule)
            #expect(fixture.messages(result) == ["plans.yaml:7:15: error: invalid schedule: month 13 is out of range 1-12"])
        }
    }

    @Test func sevenFieldScheduleIsRefused() throws {
        try withFixture { fixture in
            let result = try load(fixture, schedule: #""0 30 2 * * ? 2026""#)
            #expect(fixture.messages(result) == ["plans.yaml:7:29: error: invalid schedule: a 7th field (year) is not supported: the JMR API has no year field"])
        }
    }

    @Test func tooFewFields() throws {
        try withFixture { fixture in
            let result = try load(fixture, schedule: #""30 2 * * ?""#)
            let messages = fixture.messages(result)
            #expect(messages.count == 1)
            #expect(messages.first?.hasPrefix("plans.yaml:7:") == true)
            #expect(messages.first?.contains("error: invalid schedule: ") == true)
            #expect(messages.first?.contains("5") == true)
        }
    }

    @Test func mappingFormMissingAndUnknownKeys() throws {
        try withFixture { fixture in
            let result = try load(fixture, schedule: #"{time: 0, minute: 30, hour: 2, days: "*", month: "*"}"#)
            #expect(fixture.messages(result) == [
                "plans.yaml:7:15: error: schedule is missing 'day', 'week'; a schedule mapping needs time, minute, hour, day, month and week",
                "plans.yaml:7:46: error: unknown key 'days' in schedule; did you mean 'day'?",
            ])
        }
    }

    @Test func mappingFieldOfTheWrongType() throws {
        try withFixture { fixture in
            let result = try load(fixture, schedule: #"{time: 0, minute: [30], hour: 2, day: "*", month: "*", week: "?"}"#)
            #expect(fixture.messages(result) == ["plans.yaml:7:33: error: schedule.minute must be a string, found a sequence"])
        }
    }

    @Test func stringAndMappingFormsAreTheSameSchedule() throws {
        try withFixture { fixture in
            let result = try fixture.load(yaml: """
                version: 1
                region: cn-north-1
                defaults: {cluster: c, jobs: [1]}
                plans:
                  string:
                    schedule: " 0  30 2 ? *  mon-fri "
                  mapping:
                    schedule: {time: 0, minute: 30, hour: 2, day: "?", month: "*", week: " MON-FRI"}
                """)
            let configuration = try #require(result.configuration)
            let string = try #require(configuration.plan("string")?.spec.schedule)
            let mapping = try #require(configuration.plan("mapping")?.spec.schedule)
            #expect(string == mapping)
            #expect(string.fields == ["0", "30", "2", "?", "*", "MON-FRI"])
            #expect(string.description == "0 30 2 ? * MON-FRI")
        }
    }

    @Test func knownTimeZoneIsKept() throws {
        try withFixture { fixture in
            let result = try load(fixture, schedule: #""0 30 2 * * ?""#, extra: "\n    timezone: Asia/Shanghai")
            let plan = try #require(result.configuration?.plan("nightly"))
            #expect(plan.timeZoneName == "Asia/Shanghai")
            #expect(plan.timeZone.identifier == "Asia/Shanghai")
            // The zone only previews fire times; it is not part of what the API gets.
            #expect(plan.spec.schedule.description == "0 30 2 * * ?")
        }
    }

    @Test func unknownTimeZone() throws {
        try withFixture { fixture in
            let result = try load(fixture, schedule: #""0 30 2 * * ?""#, extra: "\n    timezone: Asia/Shangai")
            #expect(fixture.messages(result) == [
                "plans.yaml:8:15: error: unknown time zone 'Asia/Shangai' (use an IANA name such as Asia/Shanghai or UTC)",
            ])
        }
    }
}
