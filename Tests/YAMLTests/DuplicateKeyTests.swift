import Testing
import YAML

@Suite struct DuplicateKeyTests {
    @Test func topLevelDuplicateIsAnErrorAtTheSecondKey() {
        #expect(parseError("a: 1\nb: 2\na: 3\n") == YAMLError("duplicate key 'a' (first at 1:1)", at: mark(3, 1)))
    }

    @Test func nestedDuplicateNamesBothPositions() {
        #expect(
            parseError("plans:\n  nightly:\n    cron: x\n    jobs: [1]\n    cron: y\n")
                == YAMLError("duplicate key 'cron' (first at 3:5)", at: mark(5, 5))
        )
    }

    @Test func keyStyleIsIgnored() {
        #expect(parseError("a: 1\n'a': 2\n") == YAMLError("duplicate key 'a' (first at 1:1)", at: mark(2, 1)))
        #expect(parseError("{\"k\": 1, k: 2}") == YAMLError("duplicate key 'k' (first at 1:2)", at: mark(1, 10)))
    }

    @Test func sameKeyInDifferentMappingsIsFine() throws {
        let root = try document("a: {x: 1}\nb: {x: 2}\nc: [{x: 1}, {x: 2}]\n")
        #expect(root.keys == ["a", "b", "c"])
    }

    @Test func largeMappingsFindDuplicates() throws {
        var text = ""
        for index in 0..<500 { text += "key\(index): \(index)\n" }
        let root = try document(text)
        #expect(root.mapping?.count == 500)
        #expect(root["key499"]?.text == "499")

        #expect(parseError(text + "key250: again\n") == YAMLError("duplicate key 'key250' (first at 251:1)", at: mark(501, 1)))
        #expect(parseError(text + "key3: again\n") == YAMLError("duplicate key 'key3' (first at 4:1)", at: mark(501, 1)))
        // Around the switch from the linear scan to the table.
        for count in 10...14 {
            var small = ""
            for index in 0..<count { small += "k\(index): v\n" }
            #expect(parseError(small + "k0: again\n") == YAMLError("duplicate key 'k0' (first at 1:1)", at: mark(count + 1, 1)))
            #expect(parseError(small + "k\(count - 1): again\n")
                == YAMLError("duplicate key 'k\(count - 1)' (first at \(count):1)", at: mark(count + 1, 1)))
            #expect(parseError(small + "other: fine\n") == nil)
        }
    }
}
