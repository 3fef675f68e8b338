import Testing
@testable import JMRSim

@Suite("JSON")
struct JSONTests {
    func parse(_ text: String) throws -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test func valuesAndTypes() throws {
        let value = try parse(#" {"a": [1, -2.5, 1e3, true, false, null, "x"], "b": {}, "big": 123456789012345678901234} "#)
        #expect(value["a"] == [.integer(1), .double(-2.5), .double(1000), true, false, nil, "x"])
        #expect(value["b"] == .object([:]))
        #expect(value["big"] == .double(1.2345678901234568e23))
    }

    @Test func escapesAndUnicode() throws {
        let value = try parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00夜""#)
        #expect(value == .string("a\"b\\c/d\n\té😀夜"))
        #expect(try parse(JSONValue.string("q\"\u{01}\n é😀").jsonText) == .string("q\"\u{01}\n é😀"))
    }

    @Test(arguments: [
        ("", "unexpected end of input", 0),
        ("{", "expected a string key", 1),
        (#"{"a" 1}"#, "expected ':'", 5),
        ("[1,]", "unexpected character", 3),
        ("01", "unexpected data after the JSON value", 1),
        ("tru", "invalid literal", 0),
        (#""\x""#, "invalid escape", 2),
        (#""\ud800""#, "unpaired surrogate in \\u escape", 7),
        ("\"a\nb\"", "unescaped control character in string", 2),
        ("1e999", "number out of range", 0),
        ("{} {}", "unexpected data after the JSON value", 3),
    ])
    func syntaxErrorsCarryOffsets(text: String, message: String, offset: Int) {
        #expect(throws: JSONSyntaxError(message: message, offset: offset)) { try parse(text) }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func nestingIsLimited() throws {
        _ = try parse(String(repeating: "[", count: 64) + String(repeating: "]", count: 64))
        #expect(throws: JSONSyntaxError.self) {
            try parse(String(repeating: "[", count: 65) + String(repeating: "]", count: 65))
        }
    }

    @Test func encodingSortsKeysAndRoundTrips() throws {
        let value: JSONValue = ["b": 1, "a": ["x": [true, nil, .double(2.5)]], "c": "ü"]
        #expect(value.jsonText == #"{"a":{"x":[true,null,2.5]},"b":1,"c":"ü"}"#)
        #expect(try parse(value.prettyJSONText) == value)
    }
}
