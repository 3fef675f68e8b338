import Foundation
import Testing

/// `jmr-apply validate` through the built binary: output, exit codes, hostile input.
@Suite struct ValidateEndToEndTests {
    /// A temporary directory holding a copy of `Fixtures/validate`.
    private func fixtures() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("jmr-apply-validate")
        let source = try #require(Bundle.module.url(forResource: "validate", withExtension: nil, subdirectory: "Fixtures"))
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: directory.url.appendingPathComponent(name))
        }
        return directory
    }

    private func validate(_ arguments: [String], in directory: TemporaryDirectory, environment: [String: String] = Executables.cleanEnvironment()) throws -> ProcessResult {
        try Executables.runJMRApply(["validate"] + arguments, in: directory.url, environment: environment)
    }

    // MARK: Valid and invalid files

    @Test func validDirectory() throws {
        let directory = try fixtures()
        defer { directory.remove() }
        let result = try validate(["valid"], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout == "Valid: 3 plans in 2 files (region cn-north-1).\n")
        #expect(result.stderr == "")
    }

    @Test func validSingleFile() throws {
        let directory = try fixtures()
        defer { directory.remove() }
        let result = try validate(["valid/reports.yml"], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout == "Valid: 1 plan in 1 file (region cn-north-1).\n")
    }

    @Test func invalidFilesReportEveryErrorSortedWithSourceAndCaret() throws {
        let directory = try fixtures()
        defer { directory.remove() }
        let result = try validate(["invalid"], in: directory)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == """
            invalid/broken.yaml:4:3: error: unknown key 'clustr' in defaults; did you mean 'cluster'?
             4 |   clustr: jmr-1
               |   ^
            invalid/broken.yaml:8:11: error: jobs must be a sequence of job ids, found a mapping
             8 |     jobs: {first: 1001}
               |           ^
            invalid/broken.yaml:9:18: error: invalid schedule: minute 75 is out of range 0-59
             9 |     schedule: "0 75 2 * * ?"
               |                  ^
            invalid/broken.yaml:12:12: error: a job id must not contain ',' (list each job id as its own item)
             12 |     jobs: ["1003,1004"]
                |            ^
            invalid/broken.yaml:13:34: error: invalid schedule.minute: minute 75 is out of range 0-59
             13 |     schedule: {time: 0, minute: "75", hour: "*", day: "*", month: "*", week: "?"}
                |                                  ^
            invalid/broken.yaml:14:14: error: enabled must be true or false, found 'maybe'
             14 |     enabled: maybe
                |              ^
            invalid/broken.yaml:15:15: error: unknown time zone 'Mars/Olympus' (use an IANA name such as Asia/Shanghai or UTC)
             15 |     timezone: Mars/Olympus
                |               ^
            invalid/other.yaml:2:9: error: region 'cn-east-2' differs from 'cn-north-1' declared at invalid/broken.yaml:2:9; all files must declare one region
             2 | region: cn-east-2
               |         ^
            invalid/other.yaml:4:3: error: plan 'etl-nightly' is declared twice (first at invalid/broken.yaml:6:3)
             4 |   etl-nightly:
               |   ^
            9 errors in 2 files; nothing was changed.

            """)
    }

    @Test func pathsAreShownAsTheUserGaveThem() throws {
        let directory = try fixtures()
        defer { directory.remove() }
        for path in ["./invalid/other.yaml", "invalid/../invalid/other.yaml"] {
            let result = try validate([path], in: directory)
            #expect(result.status == 0 || result.status == 1)
            // other.yaml alone is valid; pair it with a file declaring another region.
            let paired = try validate(["valid/reports.yml", path], in: directory)
            #expect(paired.status == 1)
            #expect(paired.stderr.hasPrefix("\(path):2:9: error: region 'cn-east-2' differs from 'cn-north-1' declared at valid/reports.yml:2:9"))
        }
        let absolute = directory.path + "/invalid/broken.yaml"
        let result = try validate([absolute], in: directory)
        #expect(result.stderr.hasPrefix("\(absolute):4:3: error: "))
    }

    @Test func missingPathIsAnError() throws {
        let directory = try fixtures()
        defer { directory.remove() }
        let result = try validate(["valid", "nope.yaml"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr == "error: nope.yaml: no such file or directory\n1 error; nothing was changed.\n")
    }

    @Test func nextFireTimes() throws {
        let directory = try fixtures()
        defer { directory.remove() }
        let result = try validate(["valid", "--next", "3"], in: directory)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 14)
        guard lines.count == 14 else { return }
        #expect(lines[0] == "etl-hourly (0 5 * * * ?, Asia/Shanghai):")
        #expect(lines[4] == "etl-nightly (0 30 2 * * ?, Asia/Shanghai):")
        #expect(lines[8] == "report-weekly (0 0 6 ? * MON, UTC):")
        #expect(lines[12] == "Valid: 3 plans in 2 files (region cn-north-1).")
        #expect(lines[13] == "")
        let hourly = try fireTimes(lines[1...3])
        let nightly = try fireTimes(lines[5...7])
        let weekly = try fireTimes(lines[9...11])
        #expect(lines[1...3].allSatisfy { $0.hasSuffix(":05:00 +08:00 " + $0.suffix(3)) })
        #expect(zip(hourly, hourly.dropFirst()).allSatisfy { $1.timeIntervalSince($0) == 3600 })
        #expect(lines[5...7].allSatisfy { $0.contains(" 02:30:00 +08:00 ") })
        #expect(zip(nightly, nightly.dropFirst()).allSatisfy { $1.timeIntervalSince($0) == 86400 })
        #expect(lines[9...11].allSatisfy { $0.hasSuffix(" 06:00:00 +00:00 Mon") })
        #expect(zip(weekly, weekly.dropFirst()).allSatisfy { $1.timeIntervalSince($0) == 7 * 86400 })
        // All in the future, and the first within one period of now.
        let now = Date()
        #expect(hourly[0] > now.addingTimeInterval(-5) && hourly[0] <= now.addingTimeInterval(3600))
        #expect(nightly[0] > now.addingTimeInterval(-5) && nightly[0] <= now.addingTimeInterval(86400))
        #expect(weekly[0] > now.addingTimeInterval(-5) && weekly[0] <= now.addingTimeInterval(7 * 86400))
    }

    @Test func nextShowsPlansThatNeverFire() throws {
        let directory = try TemporaryDirectory("jmr-apply-validate")
        defer { directory.remove() }
        try directory.write("plans.yaml", """
            version: 1
            region: cn-north-1
            plans:
              never: {cluster: c, jobs: [1], schedule: "0 0 0 30 2 ?"}
            """)
        let result = try validate(["plans.yaml", "--next=2"], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout == "never (0 0 0 30 2 ?, UTC):\n  (never fires)\nValid: 1 plan in 1 file (region cn-north-1).\n")
    }

    /// `yyyy-MM-dd HH:mm:ss xxx EEE` lines, indented by two spaces.
    private func fireTimes(_ lines: ArraySlice<String>) throws -> [Date] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss xxx EEE"
        return try lines.map { line in
            #expect(line.hasPrefix("  "))
            return try #require(formatter.date(from: String(line.dropFirst(2))), "not a fire time: \(line)")
        }
    }

    // MARK: Command line

    @Test func help() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for arguments in [["validate", "--help"], ["validate", "-h"], ["help", "validate"]] {
            let result = try Executables.runJMRApply(arguments, in: directory.url)
            #expect(result.status == 0)
            #expect(result.stdout.contains("Usage: jmr-apply validate FILE|DIR... [--next N]\n"))
            #expect(result.stdout.contains("--next N"))
            #expect(result.stderr == "")
        }
    }

    @Test func version() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try Executables.runJMRApply(["--version"], in: directory.url)
        #expect(result.status == 0)
        #expect(result.stdout.wholeMatch(of: /jmr-apply \d+\.\d+\.\d+\n/) != nil)
    }

    @Test(arguments: [
        (["validate", "--nxt", "3", "x.yaml"], "error: unknown option '--nxt'; did you mean '--next'?"),
        (["validate"], "error: validate needs at least one FILE or DIR"),
        (["validate", "--next", "3"], "error: validate needs at least one FILE or DIR"),
        (["validate", "x.yaml", "--next", "three"], "error: option '--next' takes a whole number from 0 to 1000, got 'three'"),
        (["validate", "x.yaml", "--next=1001"], "error: option '--next' takes a whole number from 0 to 1000, got '1001'"),
        (["validate", "x.yaml", "--next"], "error: option '--next' needs a value (N)"),
        (["validate", "x.yaml", "--next", "1", "--next", "2"], "error: option '--next' may be given only once"),
    ])
    func usageErrors(arguments: [String], message: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("x.yaml", "version: 1\nregion: r\nplans: {}\n")
        let result = try Executables.runJMRApply(arguments, in: directory.url)
        #expect(result.status == 64)
        #expect(result.stdout == "")
        #expect(result.stderr == "\(message)\nUsage: jmr-apply validate FILE|DIR... [--next N]\nSee 'jmr-apply validate --help'.\n")
    }

    // MARK: Colour

    @Test func noColourWhenNotATerminal() throws {
        let directory = try fixtures()
        defer { directory.remove() }
        var environment = Executables.cleanEnvironment()
        environment["NO_COLOR"] = nil
        environment["TERM"] = "xterm-256color"
        for arguments in [["invalid"], ["valid", "--next", "1"]] {
            let result = try validate(arguments, in: directory, environment: environment)
            #expect(!result.stdout.contains("\u{1B}"))
            #expect(!result.stderr.contains("\u{1B}"))
        }
    }

    private static let script = "/usr/bin/script"

    /// Runs `validate` on a pseudo-terminal (util-linux `script`), returning what it wrote.
    private func validateOnTerminal(_ arguments: [String], noColor: String?) throws -> ProcessResult {
        let directory = try fixtures()
        defer { directory.remove() }
        var environment = Executables.cleanEnvironment()
        environment["NO_COLOR"] = noColor
        environment["TERM"] = "xterm-256color"
        let command = ([Executables.jmrApply, "validate"] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try Executables.run(Self.script, ["-qec", command, "/dev/null"], in: directory.url, environment: environment)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: script)))
    func colourOnATerminalUnlessNoColorIsSet() throws {
        let coloured = try validateOnTerminal(["invalid"], noColor: nil)
        #expect(coloured.stdout.contains("\u{1B}[1minvalid/broken.yaml:4:3:\u{1B}[0m \u{1B}[31merror:\u{1B}[0m"))
        let plain = try validateOnTerminal(["invalid"], noColor: "1")
        #expect(plain.stdout.contains("invalid/broken.yaml:4:3: error: unknown key 'clustr' in defaults"))
        #expect(!plain.stdout.contains("\u{1B}"))
        let valid = try validateOnTerminal(["valid"], noColor: "1")
        #expect(valid.stdout.contains("Valid: 3 plans"))
        #expect(!valid.stdout.contains("\u{1B}"))
    }

    // MARK: Hostile input

    /// Each input must be refused with one positioned error (and not hang or crash).
    private func expectPositionedError(_ name: String, bytes: [UInt8], message: String, line: Int? = nil) throws {
        let directory = try TemporaryDirectory("jmr-apply-hostile")
        defer { directory.remove() }
        try Data(bytes).write(to: directory.url.appendingPathComponent(name))
        let result = try validate([name], in: directory)
        #expect(result.status == 1, "\(name): \(result.stderr.prefix(300))")
        let first = result.stderr.prefix { $0 != "\n" }
        let match = first.wholeMatch(of: /(.+):(\d+):(\d+): error: (.+)/)
        #expect(match != nil, "\(name): first line is not positioned: \(first.prefix(300))")
        if let match {
            #expect(match.1 == name)
            if let line { #expect(Int(match.2) == line) }
            #expect(match.4.contains(message), "\(name): \(match.4)")
        }
        #expect(result.stderr.hasSuffix("1 error; nothing was changed.\n"))
    }

    @Test func billionLaughs() throws {
        var lines = [#"a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        let letters = Array("abcdefghij")
        for i in 1..<letters.count {
            let refs = Array(repeating: "*\(letters[i - 1])", count: 9).joined(separator: ",")
            lines.append("\(letters[i]): &\(letters[i]) [\(refs)]")
        }
        try expectPositionedError("bomb.yaml", bytes: Array(lines.joined(separator: "\n").utf8), message: "too many alias expansions")
    }

    @Test func deepFlowNesting() throws {
        let depth = 100_000
        try expectPositionedError("flow.yaml", bytes: Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8), message: "nesting is deeper than", line: 1)
    }

    @Test func deepBlockNesting() throws {
        try expectPositionedError("block.yaml", bytes: Array((String(repeating: "- ", count: 100_000) + "x\n").utf8), message: "nesting is deeper than", line: 1)
    }

    @Test func deepIndentedMappingNesting() throws {
        // Real block mappings, each a level deeper: "k:\n k:\n  k:..." (kept small in bytes).
        let text = (0..<2_000).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + " x\n"
        try expectPositionedError("mappings.yaml", bytes: Array(text.utf8), message: "nesting is deeper than")
    }

    @Test func invalidUTF8() throws {
        try expectPositionedError("utf8.yaml", bytes: Array("version: 1\nregion: cn".utf8) + [0xC3, 0x28] + Array("\nplans: {}\n".utf8), message: "UTF-8", line: 2)
    }

    @Test func eightMegabyteScalar() throws {
        let text = "version: 1\nregion: cn-north-1\nplans:\n  x:\n    description: \"" + String(repeating: "a", count: 8 << 20) + "\"\n"
        try expectPositionedError("big.yaml", bytes: Array(text.utf8), message: "scalar is 8388608 bytes; the limit is 1 MiB", line: 5)
    }

    @Test func tabIndentation() throws {
        try expectPositionedError("tabs.yaml", bytes: Array("version: 1\nregion: cn-north-1\nplans:\n\tnightly: {}\n".utf8), message: "cannot start any token", line: 4)
    }

    @Test func emptyFile() throws {
        try expectPositionedError("empty.yaml", bytes: [], message: "the file is empty; expected a mapping with version, region and plans", line: 1)
    }

    @Test func topLevelSequence() throws {
        try expectPositionedError("list.yaml", bytes: Array("- version: 1\n- region: cn-north-1\n".utf8), message: "a plans file must be a mapping with version, region and plans, found a sequence", line: 1)
    }

    @Test func topLevelScalar() throws {
        try expectPositionedError("scalar.yaml", bytes: Array("just some text\n".utf8), message: "a plans file must be a mapping with version, region and plans, found a scalar", line: 1)
    }

    /// Pseudo-random bytes (a fixed LCG sequence, so every run sees the same input) after a
    /// byte-order mark, so the reader also takes its UTF-16 paths.
    @Test(arguments: [[UInt8(0xFF), 0xFE], [0xFE, 0xFF], [0xEF, 0xBB, 0xBF], []])
    func binaryGarbage(bom: [UInt8]) throws {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        let bytes = bom + (0..<4096).map { _ -> UInt8 in
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: seed >> 56)
        }
        let directory = try TemporaryDirectory("jmr-apply-hostile")
        defer { directory.remove() }
        try Data(bytes).write(to: directory.url.appendingPathComponent("garbage.yaml"))
        let result = try validate(["garbage.yaml"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.wholeMatch(of: /garbage\.yaml:\d+:\d+: error: [\s\S]*\n1 error; nothing was changed\.\n/) != nil, "\(result.stderr.prefix(300))")
    }
}
