import Testing
@testable import YAML

@Suite struct DepthLimitTests {
    @Test func nestingUpToTheLimitIsAllowed() throws {
        let text = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        var node = try document(text)
        var depth = 1
        while let inner = node.sequence?.first {
            node = inner
            depth += 1
        }
        #expect(depth == 64)
    }

    @Test func oneLevelTooDeepIsAnErrorAtItsOpening() {
        let text = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(parseError(text) == YAMLError("nesting is deeper than 64 levels", at: mark(1, 65)))
        #expect(parseError("a: [[1]]\n", limits: YAMLLimits(maxDepth: 2)) == YAMLError("nesting is deeper than 2 levels", at: mark(1, 5)))
    }

    @Test func hundredThousandFlowSequencesFailFast() {
        let text = String(repeating: "[", count: 100_000)
        #expect(parseError(text) == YAMLError("nesting is deeper than 64 levels", at: mark(1, 65)))
    }

    @Test func hundredThousandFlowMappingsFailFast() {
        let text = String(repeating: "{a: ", count: 100_000)
        #expect(parseError(text) == YAMLError("nesting is deeper than 64 levels", at: mark(1, 257)))
    }

    @Test func hundredThousandBlockSequencesFailFast() {
        let text = String(repeating: "- ", count: 100_000) + "x\n"
        #expect(parseError(text) == YAMLError("nesting is deeper than 64 levels", at: mark(1, 129)))
    }

    @Test func deeplyIndentedBlockMappingsFail() {
        var text = ""
        for level in 0..<1_000 { text += String(repeating: " ", count: level) + "k:\n" }
        #expect(parseError(text) == YAMLError("nesting is deeper than 64 levels", at: mark(65, 65)))
    }
}

@Suite struct AliasLimitTests {
    static let billionLaughs = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
        """

    @Test func billionLaughsFailsAtTheAliasThatCrossesTheBudget() {
        // b adds 9 * 10 nodes, c 9 * 91, d 9 * 820: 8,289 in all; e's first *d adds 7,381.
        #expect(
            parseError(Self.billionLaughs)
                == YAMLError("too many alias expansions (document expands to more than 10000 nodes)", at: mark(5, 8))
        )
    }

    @Test func budgetFollowsTheLimits() {
        // Each *a adds 10 nodes; the sixth makes 60 > 50, with 23 events parsed so far.
        let limits = YAMLLimits(maxAliasExpansion: 50, aliasRatio: 1)
        #expect(
            parseError("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [*a, *a, *a, *a, *a, *a]\n", limits: limits)
                == YAMLError("too many alias expansions (document expands to more than 50 nodes)", at: mark(2, 25))
        )
    }

    @Test func manySmallAliasesInALargeDocumentAreFine() throws {
        // 3,000 aliases of a 7-node mapping expand to 21,000 nodes, but the document has about
        // 30,000 events, so the ratio allows it.
        var text = "base: &b {x: 1, y: 2, z: 3}\nitems:\n"
        for index in 0..<3_000 { text += "  - {id: \(index), name: n\(index), kind: k, <<: *b}\n" }
        let root = try document(text)
        #expect(root["items"]?.sequence?.count == 3_000)
        #expect(root["items"]?.sequence?.last?.keys == ["id", "name", "kind", "x", "y", "z"])
    }

    @Test func budgetIsPerDocument() throws {
        var text = ""
        for _ in 0..<3 {
            text += "---\na: &a [" + Array(repeating: "x", count: 100).joined(separator: ", ") + "]\n"
            text += "b: [" + Array(repeating: "*a", count: 80).joined(separator: ", ") + "]\n"
        }
        // Each document expands to 80 * 101 = 8,080 nodes: under the limit on its own.
        #expect(try YAMLParser.parse(text).count == 3)
    }
}

@Suite struct SizeLimitTests {
    @Test func scalarOverTheLimitIsAnErrorAtTheScalar() {
        let text = "ok: 1\nbig: " + String(repeating: "x", count: 8 << 20) + "\n"
        #expect(parseError(text) == YAMLError("scalar is 8388608 bytes; the limit is 1 MiB", at: mark(2, 6)))
    }

    @Test func scalarAtTheLimitIsAllowed() throws {
        let limits = YAMLLimits(maxScalarBytes: 100)
        let root = try document("k: \(String(repeating: "é", count: 50))\n", limits: limits)
        #expect(root["k"]?.text?.utf8.count == 100)
        #expect(
            parseError("k: \"\(String(repeating: "é", count: 50))a\"\n", limits: limits)
                == YAMLError("scalar is 101 bytes; the limit is 100 bytes", at: mark(1, 4))
        )
    }

    @Test func keysAreScalarsToo() {
        let limits = YAMLLimits(maxScalarBytes: 4)
        #expect(parseError("short: 1\n", limits: limits) == YAMLError("scalar is 5 bytes; the limit is 4 bytes", at: mark(1, 1)))
    }

    @Test func fileOverTheLimitIsRejectedBeforeParsing() {
        let limits = YAMLLimits(maxFileBytes: 1024)
        let text = "a: " + String(repeating: "[", count: 1022)
        #expect(parseError(text, limits: limits) == YAMLError("file is 1025 bytes; the limit is 1 KiB", at: mark(1, 1)))
        let atLimit = "a: " + String(repeating: "x", count: 1021)
        #expect(parseError(atLimit, limits: limits) == nil)
    }

    @Test func defaultFileLimitIsSixtyFourMebibytes() {
        #expect(YAMLLimits().maxFileBytes == 64 << 20)
        #expect(describeByteCount(64 << 20) == "64 MiB")
        #expect(describeByteCount((64 << 20) + 1) == "67108865 bytes")
        #expect(describeByteCount(3 << 10) == "3 KiB")
    }
}

@Suite struct EncodingErrorTests {
    @Test func invalidByteInTheMiddleOfLineThree() {
        let bytes = Array("a: 1\nb: 2\nc: ab".utf8) + [0xFF] + Array("cd\n".utf8)
        #expect(parseError(bytes) == YAMLError("invalid leading UTF-8 octet (byte 0xFF)", at: mark(3, 6)))
    }

    @Test func columnsBeforeTheBadByteCountCharacters() {
        let bytes = Array("a: 1\r\nb: 2\nc: éü".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        #expect(parseError(bytes) == YAMLError("invalid trailing UTF-8 octet (byte 0x28)", at: mark(3, 7)))
    }

    @Test func truncatedSequenceAtTheEnd() {
        let bytes = Array("a: 1\nb: ".utf8) + [0xE6, 0x97]
        #expect(parseError(bytes) == YAMLError("incomplete UTF-8 octet sequence", at: mark(2, 4)))
    }

    @Test func badByteFarIntoALargeInput() {
        var text = ""
        for index in 0..<3_000 { text += "key\(index): value \(index)\n" }
        let bytes = Array(text.utf8) + Array("late: x".utf8) + [0x80] + Array("\n".utf8)
        #expect(parseError(bytes) == YAMLError("invalid leading UTF-8 octet (byte 0x80)", at: mark(3_001, 8)))
    }

    @Test func controlCharacters() {
        #expect(parseError("a: 1\nb: \u{7}\n") == YAMLError("control characters are not allowed (U+0007)", at: mark(2, 4)))
        #expect(parseError("a: x\u{0}y\n") == YAMLError("control characters are not allowed (U+0000)", at: mark(1, 5)))
    }
}
