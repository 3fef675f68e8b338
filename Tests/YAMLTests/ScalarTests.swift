import Testing
import YAML

@Suite struct ScalarTests {
    @Test func stylesAreReported() throws {
        let root = try document("p: plain\ns: 'single ''q'''\nd: \"double\\tq\"\nl: |\n  lit\n   more\nf: >\n  fold\n  ed\n")
        #expect(root["p"]?.scalar == Scalar(value: "plain", style: .plain))
        #expect(root["s"]?.scalar == Scalar(value: "single 'q'", style: .singleQuoted))
        #expect(root["d"]?.scalar == Scalar(value: "double\tq", style: .doubleQuoted))
        #expect(root["l"]?.scalar == Scalar(value: "lit\n more\n", style: .literal))
        #expect(root["f"]?.scalar == Scalar(value: "fold ed\n", style: .folded))
    }

    @Test func nullsAndEmptyValues() throws {
        let root = try document("a:\nb: ~\nc: null\nd: ''\ne: !!null x\n")
        #expect(root["a"]?.isNull == true)
        #expect(root["b"]?.isNull == true)
        #expect(root["c"]?.isNull == true)
        #expect(root["d"]?.isNull == false)
        #expect(root["d"]?.kindDescription == "a scalar")
        #expect(root["e"]?.isNull == false)
    }

    @Test func tagsAreResolvedToFullNames() throws {
        let root = try document(
            "%TAG !e! tag:example.com,2000:\n---\na: !!str 1\nb: !custom x\nc: !<tag:x,2024:v> y\nd: ! z\ne: !e!thing w\nf: !!seq [1]\ng: 2\n"
        )
        #expect(root["a"]?.tag == "tag:yaml.org,2002:str")
        #expect(root["b"]?.tag == "!custom")
        #expect(root["c"]?.tag == "tag:x,2024:v")
        #expect(root["d"]?.tag == "!")
        #expect(root["e"]?.tag == "tag:example.com,2000:thing")
        #expect(root["f"]?.tag == "tag:yaml.org,2002:seq")
        #expect(root["f"]?.sequence?.count == 1)
        #expect(root["g"]?.tag == nil)
    }

    @Test func nonASCIIAndEscapes() throws {
        let root = try document("a: \"\\u00e9\\U0001F600\\n\"\nb: 日本語\n")
        #expect(root["a"]?.text == "é😀\n")
        #expect(root["b"]?.text == "日本語")
    }

    @Test func complexKeysAreKept() throws {
        let root = try document("? [a, b]\n: c\n")
        let pair = try #require(root.mapping?.first)
        #expect(pair.key.sequence?.map(\.text) == ["a", "b"])
        #expect(pair.value.text == "c")
    }

    @Test func utf16InputWithByteOrderMarkIsRead() throws {
        let text = "a: é\n"
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let documents = try YAMLParser.parse(bytes)
        #expect(documents.first?["a"]?.text == "é")
        #expect(documents.first?["a"]?.mark == mark(1, 4))
    }

    @Test func utf8ByteOrderMarkIsSkipped() throws {
        let documents = try YAMLParser.parse([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8))
        #expect(documents.first?.mapping?.first?.key.mark == mark(1, 1))
        #expect(documents.first?["a"]?.mark == mark(1, 4))
    }
}
