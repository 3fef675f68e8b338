import Testing
import YAML

@Suite struct AliasTests {
    @Test func aliasTakesTheAnchoredNodeWithItsMark() throws {
        let root = try document("base: &b\n  x: 1\nother: *b\nscalar: &s hi\nagain: *s\n")
        let other = try #require(root["other"])
        // The anchored mapping's opening event starts at its anchor.
        #expect(other.mark == mark(1, 7))
        #expect(other["x"]?.text == "1")
        #expect(other["x"]?.mark == mark(2, 6))
        #expect(root["again"]?.text == "hi")
        #expect(root["again"]?.mark == mark(4, 9))
    }

    @Test func aliasToSequenceAndAsKey() throws {
        let root = try document("list: &l [1, 2]\nsame: *l\n&k key: v\nm: {*k : w}\n")
        #expect(root["same"]?.sequence?.map(\.text) == ["1", "2"])
        #expect(root["m"]?["key"]?.text == "w")
        // An aliased key is compared by its value.
        #expect(parseError("&k key: v\n*k : w\n") == YAMLError("duplicate key 'key' (first at 1:1)", at: mark(2, 1)))
    }

    @Test func redefinedAnchorUsesTheLatestNode() throws {
        let root = try document("a: &x 1\nb: &x 2\nc: *x\n")
        #expect(root["c"]?.text == "2")
    }

    @Test func unknownAliasIsAnErrorAtTheAlias() {
        #expect(parseError("a: 1\nb: [x, *nope]\n") == YAMLError("unknown alias 'nope'", at: mark(2, 8)))
    }

    @Test func aliasInsideItsOwnAnchorIsUnknown() {
        #expect(parseError("a: &r [1, *r]\n") == YAMLError("unknown alias 'r'", at: mark(1, 11)))
    }
}

@Suite struct MergeKeyTests {
    @Test func singleMergeKeepsOwnKeysAndMergedMarks() throws {
        let root = try document("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n")
        let c = try #require(root["c"])
        #expect(c.keys == ["x", "y"])
        #expect(c["x"]?.text == "1")
        #expect(c["x"]?.mark == mark(1, 14))
        #expect(c.mapping?[0].key.mark == mark(1, 11))
        #expect(c["y"]?.text == "3")
        #expect(c["y"]?.mark == mark(4, 6))
        #expect(c.mark == mark(3, 3))
    }

    @Test func ownKeysBeforeTheMergeAlsoWin() throws {
        let root = try document("base: &b {x: 1, y: 2, z: 3}\nc:\n  y: own\n  <<: *b\n  w: 4\n")
        let c = try #require(root["c"])
        #expect(c.keys == ["y", "x", "z", "w"])
        #expect(c["y"]?.text == "own")
    }

    @Test func earlierMappingsInAListWin() throws {
        let root = try document("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc: {<<: [*a, *b], z: 3}\n")
        let c = try #require(root["c"])
        #expect(c.keys == ["x", "y", "z"])
        #expect(c["x"]?.text == "1")
        #expect(c["x"]?.mark == mark(1, 11))
        #expect(c["y"]?.mark == mark(2, 17))
    }

    @Test func inlineMappingAndTaggedMergeKey() throws {
        let root = try document("c:\n  !!merge <<: {k: v}\n  own: 1\nd: {<<: {k: w}}\n")
        #expect(root["c"]?.keys == ["k", "own"])
        #expect(root["d"]?.keys == ["k"])
        #expect(root["d"]?["k"]?.text == "w")
    }

    @Test func quotedLessLessIsAnOrdinaryKey() throws {
        let root = try document("c:\n  '<<': 5\n")
        #expect(root["c"]?.keys == ["<<"])
        #expect(root["c"]?["<<"]?.text == "5")
    }

    @Test func mergedMappingsAreMergedTransitively() throws {
        let root = try document("a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: *b}\n")
        #expect(root["c"]?.keys == ["x", "y"])
    }

    @Test func mergedKeysAreNotDuplicates() throws {
        let root = try document("a: &a {x: 1}\nb: &b {x: 2}\nc:\n  <<: [*a, *b]\n  x: 3\n")
        #expect(root["c"]?.keys == ["x"])
        #expect(root["c"]?["x"]?.text == "3")
    }

    @Test func scalarValueIsAnErrorAtTheValue() {
        #expect(
            parseError("s: &s hello\nc:\n  <<: *s\n")
                == YAMLError("merge key '<<' needs a mapping or a sequence of mappings, found a scalar", at: mark(3, 7))
        )
        #expect(
            parseError("c:\n  <<: plain\n")
                == YAMLError("merge key '<<' needs a mapping or a sequence of mappings, found a scalar", at: mark(2, 7))
        )
    }

    @Test func nullValueIsAnError() {
        // libyaml places an empty value right after its colon.
        #expect(
            parseError("c:\n  <<:\n  a: 1\n")
                == YAMLError("merge key '<<' needs a mapping or a sequence of mappings, found null", at: mark(2, 6))
        )
    }

    @Test func sequenceItemThatIsNotAMappingIsAnErrorAtTheItem() {
        #expect(
            parseError("a: &a {x: 1}\nc:\n  <<: [*a, 5]\n")
                == YAMLError("merge key '<<' needs a mapping or a sequence of mappings, found a scalar in the sequence", at: mark(3, 12))
        )
        #expect(
            parseError("l: &l [1]\nc:\n  <<: [*l]\n")
                == YAMLError("merge key '<<' needs a mapping or a sequence of mappings, found a sequence in the sequence", at: mark(3, 8))
        )
    }

    @Test func twoMergeKeysAreDuplicates() {
        #expect(
            parseError("a: &a {x: 1}\nc:\n  <<: *a\n  <<: *a\n")
                == YAMLError("duplicate key '<<' (first at 3:3)", at: mark(4, 3))
        )
    }
}
