import Testing
import YAML

@Suite struct SyntaxErrorTests {
    @Test func tabIndentation() {
        #expect(
            parseError("a:\n\tb: 1\n")
                == YAMLError("found character that cannot start any token (while scanning for the next token at 2:1)", at: mark(2, 1))
        )
    }

    @Test func unclosedFlowSequence() {
        #expect(
            parseError("a: [1, 2\nb: 3\n")
                == YAMLError("did not find expected ',' or ']' (while parsing a flow sequence at 1:4)", at: mark(2, 2))
        )
    }

    @Test func badIndentation() {
        #expect(
            parseError("a:\n  b: 1\n c: 2\n")
                == YAMLError("did not find expected key (while parsing a block mapping at 1:1)", at: mark(3, 2))
        )
        #expect(parseError("a: 1\n b: 2\n") == YAMLError("mapping values are not allowed in this context", at: mark(2, 3)))
    }

    @Test func missingColon() {
        #expect(
            parseError("a: 1\nb\nc: 2\n")
                == YAMLError("could not find expected ':' (while scanning a simple key at 2:1)", at: mark(3, 1))
        )
    }

    @Test func unclosedQuote() {
        #expect(
            parseError("a: 'abc\n")
                == YAMLError("found unexpected end of stream (while scanning a quoted scalar at 1:4)", at: mark(2, 1))
        )
    }

    @Test func errorsAfterLaterLinesUseCharacterColumns() {
        #expect(
            parseError("名前: 1\n名前2: [é, ü\n")
                == YAMLError("did not find expected ',' or ']' (while parsing a flow sequence at 2:6)", at: mark(3, 1))
        )
    }
}
