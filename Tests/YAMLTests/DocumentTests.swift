import Testing
import YAML

@Suite struct DocumentTests {
    @Test func emptyStreamsHaveNoDocuments() throws {
        #expect(try YAMLParser.parse("").isEmpty)
        #expect(try YAMLParser.parse([UInt8]()).isEmpty)
        #expect(try YAMLParser.parse("# only a comment\n\n").isEmpty)
    }

    @Test func eachDocumentHasItsOwnRoot() throws {
        let documents = try YAMLParser.parse("--- a\n---\nb: 1\n...\n--- [c]\n")
        #expect(documents.count == 3)
        #expect(documents[0].text == "a")
        #expect(documents[0].mark == mark(1, 5))
        #expect(documents[1]["b"]?.text == "1")
        #expect(documents[1].mark == mark(3, 1))
        #expect(documents[2].sequence?.first?.text == "c")
    }

    @Test func explicitlyEmptyDocumentIsAPlainNull() throws {
        let documents = try YAMLParser.parse("---\n")
        #expect(documents.count == 1)
        #expect(documents[0].isNull)
        #expect(documents[0].scalar == Scalar(value: "", style: .plain))
        #expect(documents[0].tag == nil)
    }

    @Test func emptyDocumentsBetweenOthersAreKept() throws {
        let documents = try YAMLParser.parse("a: 1\n---\n---\nb: 2\n")
        #expect(documents.count == 3)
        #expect(documents[1].isNull)
        #expect(documents[2]["b"]?.text == "2")
    }

    @Test func anchorsDoNotCrossDocuments() {
        #expect(parseError("a: &x 1\n---\nb: *x\n") == YAMLError("unknown alias 'x'", at: mark(3, 4)))
    }
}
