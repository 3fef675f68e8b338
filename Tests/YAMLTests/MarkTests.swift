import Testing
import YAML

@Suite struct MarkTests {
    @Test func nestedBlockCollectionsStartAtTheirFirstToken() throws {
        let root = try document("a: 1\nb:\n  c: [x, {y: z}]\n  d:\n  - p\n  - q\n")
        #expect(root.mark == mark(1, 1))
        let b = try #require(root["b"])
        #expect(b.mark == mark(3, 3))
        #expect(b.mapping?[0].key.mark == mark(3, 3))
        let c = try #require(b["c"])
        #expect(c.mark == mark(3, 6))
        #expect(c.sequence?.map(\.mark) == [mark(3, 7), mark(3, 10)])
        let flowMapping = try #require(c.sequence?[1])
        #expect(flowMapping.mapping?[0].key.mark == mark(3, 11))
        #expect(flowMapping["y"]?.mark == mark(3, 14))
        let d = try #require(b["d"])
        #expect(d.mark == mark(5, 3))
        #expect(d.sequence?.map(\.mark) == [mark(5, 5), mark(6, 5)])
    }

    @Test func indentedBlockMappingHasTheMarkOfItsFirstKey() throws {
        let root = try document("  a: 1\n  b: 2\n")
        #expect(root.mark == mark(1, 3))
        #expect(root.mapping?.map(\.key.mark) == [mark(1, 3), mark(2, 3)])
        #expect(root["b"]?.mark == mark(2, 6))
    }

    @Test func sequenceOfMappings() throws {
        let root = try document("items:\n  - name: a\n    size: 1\n  -   name: b\n")
        let items = try #require(root["items"]?.sequence)
        #expect(root["items"]?.mark == mark(2, 3))
        #expect(items.map(\.mark) == [mark(2, 5), mark(4, 7)])
        #expect(items[0]["size"]?.mark == mark(3, 11))
    }

    @Test func anchoredAndTaggedNodesStartAtTheirProperties() throws {
        let root = try document("a: &x [1]\nb: !!map {k: v}\n")
        #expect(root["a"]?.mark == mark(1, 4))
        #expect(root["a"]?.sequence?[0].mark == mark(1, 8))
        #expect(root["b"]?.mark == mark(2, 4))
        #expect(root["b"]?["k"]?.mark == mark(2, 14))
    }

    @Test func multiLineScalarsStartWhereTheyAreWritten() throws {
        let root = try document("lit: |\n  one\n  two\nplain: first\n  second\nquoted: \"a\n  b\"\nnext: 1\n")
        #expect(root["lit"]?.mark == mark(1, 6))
        #expect(root["lit"]?.text == "one\ntwo\n")
        #expect(root["plain"]?.mark == mark(4, 8))
        #expect(root["plain"]?.text == "first second")
        #expect(root["quoted"]?.mark == mark(6, 9))
        #expect(root["next"]?.mark == mark(8, 7))
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let root = try document("- é: ü\n  ö: [ä, ß]\n- 日本: 語\n")
        let items = try #require(root.sequence)
        #expect(items[0]["é"]?.mark == mark(1, 6))
        #expect(items[0]["ö"]?.sequence?.map(\.mark) == [mark(2, 7), mark(2, 10)])
        #expect(items[1]["日本"]?.mark == mark(3, 7))
    }

    @Test func crlfLineBreaksCountOnce() throws {
        let root = try document("a: 1\r\nb:\r\n  c: 2\r\n")
        #expect(root["b"]?["c"]?.mark == mark(3, 6))
    }
}
