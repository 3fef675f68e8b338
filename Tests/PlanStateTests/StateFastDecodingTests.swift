import Foundation
import PlanConfig
@testable import PlanState
import Testing

/// State in the shape `StateCoding.encode` writes is read without JSONDecoder; these check
/// that the fast path gives exactly JSONDecoder's state, and steps aside for the rest.
@Suite struct StateFastDecodingTests {
    /// What `JSONDecoder` makes of `data`, the reference.
    static func reference(_ data: Data) throws -> State {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(State.self, from: data)
    }

    /// A state using every field, null and set, with text that needs escapes.
    static func rich() -> State {
        var state = State(region: "cn-north-1", endpoint: "https://jmr.example/v1")
        state.serial = 41
        let full = PlanSpec(
            cluster: "jmr-1", jobs: ["1001", " 1002", "a\"b\\c/d"], schedule: Schedule(fields: ["0", "0/15", "2", "?", "jan-mar", "mon-fri"]),
            description: "tab\there, newline\nthere, \u{1}control, é, 日本, 😀", failurePolicy: "continue", type: "daily",
            enabled: false, az: "cn-north-1a", clusterName: "Cluster One", jobGroup: "g", trigger: "t", sync: true
        )
        let bare = PlanSpec(cluster: "c", jobs: [], schedule: Schedule(fields: ["0", "0", "0", "L", "*", "?"]))
        state.plans["full"] = PlanRecord(
            name: "full", planId: 9_007_199_254_740_993, spec: full, appliedAt: Date(timeIntervalSince1970: 1_796_083_200),
            requestId: "req-1", serverSpec: bare
        )
        state.plans["bare"] = PlanRecord(name: "bare")
        var pending = PlanRecord(name: "pending ünïcode 😀", spec: bare)
        pending.pendingCreate = PendingCreate(startedAt: Date(timeIntervalSince1970: 951_782_400), specHash: "abc")
        state.plans["pending ünïcode 😀"] = pending
        state.plans["old"] = PlanRecord(name: "old", planId: -7, spec: bare, appliedAt: Date(timeIntervalSince1970: -2_208_988_800))
        return state
    }

    @Test func writtenStateDecodesAsJSONDecoderDecodesIt() throws {
        let original = Self.rich()
        let data = try StateCoding.encode(original)
        let fast = try #require(StateFastDecoder.decode(data))
        #expect(fast == (try Self.reference(data)))
        #expect(fast == original)
        #expect(try StateCoding.decode(data, store: "s.json", backup: nil) == fast)
    }

    @Test func datesMatchJSONDecoder() throws {
        // Leap days, month ends, the ends of the supported range, times of day.
        let texts = [
            "1900-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "2000-02-29T12:34:56Z",
            "2024-02-29T23:59:59Z", "2026-12-31T00:00:01Z", "2100-03-01T06:07:08Z", "9999-12-31T23:59:59Z",
        ]
        for text in texts {
            let data = Data(#"{"formatVersion":1,"lineage":"l","serial":0,"plans":{"p":{"name":"p","appliedAt":"\#(text)"}}}"#.utf8)
            let fast = try #require(StateFastDecoder.decode(data), "\(text)")
            #expect(fast == (try Self.reference(data)), "\(text)")
        }
    }

    @Test func compactAndSpacedJSONDecodeAlike() throws {
        let compact = #"{"formatVersion":1,"lineage":"l","serial":3,"region":null,"plans":{"a":{"name":"a","planId":5,"spec":{"cluster":"c","jobs":["1"],"schedule":{"time":"0","minute":"0","hour":"0","day":"*","month":"*","week":"?"},"enabled":true,"sync":null}}}}"#
        let spaced = " \r\n\t{ \"plans\" : { \"a\" : { \"spec\" : { \"enabled\" : true , \"jobs\" : [ \"1\" ] , \"cluster\" : \"c\" , \"schedule\" : { \"week\" : \"?\" , \"month\" : \"*\" , \"day\" : \"*\" , \"hour\" : \"0\" , \"minute\" : \"0\" , \"time\" : \"0\" } } , \"planId\" : 5 , \"name\" : \"a\" } } , \"serial\" : 3 , \"lineage\" : \"l\" , \"formatVersion\" : 1 }\n"
        for text in [compact, spaced] {
            let data = Data(text.utf8)
            let fast = try #require(StateFastDecoder.decode(data))
            #expect(fast == (try Self.reference(data)))
        }
    }

    /// Valid state the fast path leaves to JSONDecoder, which still reads it.
    @Test(arguments: [
        // An unknown key, a repeated key, a fraction, an exponent, fractional seconds, an offset.
        #"{"formatVersion":1,"lineage":"l","serial":0,"plans":{},"extra":[1,{"a":null}]}"#,
        #"{"formatVersion":1,"lineage":"l","serial":0,"serial":1,"plans":{}}"#,
        #"{"formatVersion":1.0,"lineage":"l","serial":0,"plans":{}}"#,
        #"{"formatVersion":1,"lineage":"l","serial":1e1,"plans":{}}"#,
        #"{"formatVersion":1,"lineage":"l","serial":0,"plans":{"p":{"name":"p","appliedAt":"2026-12-01T00:00:00.5Z"}}}"#,
        #"{"formatVersion":1,"lineage":"l","serial":0,"plans":{"p":{"name":"p","appliedAt":"2026-12-01T08:00:00+08:00"}}}"#,
        // An escaped key.
        #"{"formatVersion":1,"lineage":"l","serial":0,"plans":{"p\u0041":{"name":"pA"}}}"#,
    ])
    func otherValidStateTakesJSONDecoder(_ text: String) throws {
        let data = Data(text.utf8)
        #expect(StateFastDecoder.decode(data) == nil)
        let expected = Result { try Self.reference(data) }
        let actual = Result { () throws(StateError) in try StateCoding.decode(data, store: "s.json", backup: nil) }
        switch (expected, actual) {
        case (.success(let expected), .success(let actual)): #expect(expected == actual)
        case (.failure, .failure): break
        default: Issue.record("JSONDecoder gave \(expected), StateCoding gave \(actual)")
        }
    }

    /// Broken or mistyped state: the fast path gives up, so errors stay JSONDecoder's.
    @Test(arguments: [
        "", "{", "[]", #"{"formatVersion":1}"#, #"{"formatVersion":2,"lineage":"l","serial":0,"plans":{}}"#,
        #"{"formatVersion":1,"lineage":"l","serial":"0","plans":{}}"#,
        #"{"formatVersion":1,"lineage":"l","serial":0,"plans":{"p":{"planId":1}}}"#,
        #"{"formatVersion":1,"lineage":"l","serial":0,"plans":{"p":{"name":"p","appliedAt":"2026-02-30T00:00:00Z"}}}"#,
        #"{"formatVersion":1,"lineage":"l","serial":0,"plans":{"p":{"name":"a\u0001b\uD800"}}}"#,
        #"{"formatVersion":1,"lineage":"l","serial":0,"plans":{}} x"#,
        "{\"formatVersion\":1,\"lineage\":\"\u{1}\",\"serial\":0,\"plans\":{}}",
    ])
    func brokenStateTakesJSONDecoder(_ text: String) {
        #expect(StateFastDecoder.decode(Data(text.utf8)) == nil)
    }

    /// Whenever the fast path answers for a damaged copy of written state, JSONDecoder
    /// answers the same (single-byte changes, fixed seed).
    @Test func damagedStateNeverDecodesDifferently() throws {
        let original = Array(try StateCoding.encode(Self.rich()))
        var random = SplitMix(seed: 7)
        let replacements = Array(#"{}[],:"\/ 0129.-eE+tfnul\#u{7}"#.utf8) + [0x00, 0x80, 0xC3, 0xFF]
        var answered = 0
        for _ in 0..<600 {
            var bytes = original
            let position = Int(random.next() % UInt64(bytes.count))
            switch random.next() % 3 {
            case 0: bytes.remove(at: position)
            case 1: bytes.insert(replacements[Int(random.next() % UInt64(replacements.count))], at: position)
            default: bytes[position] = replacements[Int(random.next() % UInt64(replacements.count))]
            }
            let data = Data(bytes)
            guard let fast = StateFastDecoder.decode(data) else { continue }
            answered += 1
            #expect(fast == (try? Self.reference(data)), "byte \(position)")
        }
        // Most single-byte changes inside strings and whitespace still decode.
        #expect(answered > 100)
    }

    @Test func invalidUTF8TakesJSONDecoder() {
        var bytes = Array(#"{"formatVersion":1,"lineage":"l","serial":0,"plans":{"p":{"name":"#.utf8)
        bytes += [0x22, 0xC3, 0x28, 0x22, 0x7D, 0x7D, 0x7D]
        #expect(StateFastDecoder.decode(Data(bytes)) == nil)
    }
}

/// A small deterministic random source (SplitMix64).
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
