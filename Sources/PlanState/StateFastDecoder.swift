import Foundation
import PlanConfig

/// Reads state JSON straight from its bytes into `State`, for the common case: JSON in the
/// shape `StateCoding.encode` writes, every key known and every value of its expected type.
/// Anything else (unknown or repeated keys, numbers with fractions or exponents, dates
/// other than `YYYY-MM-DDTHH:MM:SSZ`, invalid JSON or UTF-8, ...) makes it give up, and
/// `StateCoding` decodes with `JSONDecoder` instead, so results and errors stay
/// `JSONDecoder`'s. When it returns a state, `JSONDecoder` returns an equal one.
///
/// `JSONDecoder` on Linux takes about 150 ms for 10,000 plans; this takes a few.
enum StateFastDecoder {
    /// The state in `data`, or nil when the fast path does not apply.
    static func decode(_ data: Data) -> State? {
        data.withUnsafeBytes { raw in
            var reader = StateJSONReader(bytes: raw.bindMemory(to: UInt8.self))
            return try? reader.state()
        }
    }
}

/// Why the fast path gave up; never shown.
struct GiveUp: Error {}

/// A cursor over state JSON. Every method throws `GiveUp` on anything outside the fast path.
struct StateJSONReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// `bytes`' start (never read past `bytes.count`).
    private let base: UnsafePointer<UInt8>
    private var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
    }

    // MARK: The state format

    mutating func state() throws(GiveUp) -> State {
        var formatVersion = 0, lineage = "", serial = 0, region: String?, endpoint: String?
        var plans: [String: PlanRecord] = [:]
        var seen = Fields()
        try beginObject()
        while let key = try nextKey() {
            if Self.key(key, is: "formatVersion") {
                try seen.insert(0)
                formatVersion = try int()
            } else if Self.key(key, is: "lineage") {
                try seen.insert(1)
                lineage = try string()
            } else if Self.key(key, is: "serial") {
                try seen.insert(2)
                serial = try int()
            } else if Self.key(key, is: "region") {
                try seen.insert(3)
                region = try null() ? nil : string()
            } else if Self.key(key, is: "endpoint") {
                try seen.insert(4)
                endpoint = try null() ? nil : string()
            } else if Self.key(key, is: "plans") {
                try seen.insert(5)
                plans = try records()
            } else {
                throw GiveUp()
            }
        }
        skipWhitespace()
        // formatVersion, lineage, serial and plans are required.
        guard index == bytes.count, seen.contains(0b10_0111), formatVersion == State.currentFormatVersion else { throw GiveUp() }
        return State(formatVersion: formatVersion, lineage: lineage, serial: serial, region: region, endpoint: endpoint, plans: plans)
    }

    private mutating func records() throws(GiveUp) -> [String: PlanRecord] {
        // Records are large, so growing the dictionary (moving every record into fresh
        // memory each time) is costly: size it for the "name" keys ahead instead (an
        // overestimate only when other text holds them too).
        var records = [String: PlanRecord](minimumCapacity: nameKeysAhead())
        try beginObject()
        while let key = try nextKey() {
            let name = try Self.ascii(key) ? String(decoding: key, as: UTF8.self) : Self.text(key)
            guard records.updateValue(try record(), forKey: name) == nil else { throw GiveUp() }
        }
        return records
    }

    /// How many times `"name"` occurs from the cursor on.
    private func nameKeysAhead() -> Int {
        var count = 0
        var position = index
        let end = bytes.count - 6
        while position < end {
            // Eight bytes without a quote are skipped at once (the "has a zero byte" test on
            // the word XORed with quotes).
            if position + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self) ^ 0x2222_2222_2222_2222
                let quotes = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
                // The lowest flagged byte is the first quote (little-endian).
                position += quotes == 0 ? 8 : quotes.trailingZeroBitCount / 8
                if quotes == 0 || position >= end { continue }
            }
            if base[position] == UInt8(ascii: "\""), base[position + 5] == UInt8(ascii: "\""),
                base[position + 1] == UInt8(ascii: "n"), base[position + 2] == UInt8(ascii: "a"),
                base[position + 3] == UInt8(ascii: "m"), base[position + 4] == UInt8(ascii: "e")
            {
                count += 1
                position += 6
            } else {
                position += 1
            }
        }
        return count
    }

    private mutating func record() throws(GiveUp) -> PlanRecord {
        var name = "", planId: Int64?, spec: PlanSpec?, specHash: String?, appliedAt: Date?
        var requestId: String?, serverSpec: PlanSpec?, pendingCreate: PendingCreate?
        var seen = Fields()
        try beginObject()
        while let key = try nextKey() {
            if Self.key(key, is: "name") {
                try seen.insert(0)
                name = try string()
            } else if Self.key(key, is: "planId") {
                try seen.insert(1)
                planId = try null() ? nil : Int64(int())
            } else if Self.key(key, is: "spec") {
                try seen.insert(2)
                spec = try null() ? nil : self.spec()
            } else if Self.key(key, is: "specHash") {
                try seen.insert(3)
                specHash = try null() ? nil : string()
            } else if Self.key(key, is: "appliedAt") {
                try seen.insert(4)
                appliedAt = try null() ? nil : date()
            } else if Self.key(key, is: "requestId") {
                try seen.insert(5)
                requestId = try null() ? nil : string()
            } else if Self.key(key, is: "serverSpec") {
                try seen.insert(6)
                serverSpec = try null() ? nil : self.spec()
            } else if Self.key(key, is: "pendingCreate") {
                try seen.insert(7)
                pendingCreate = try null() ? nil : self.pendingCreate()
            } else {
                throw GiveUp()
            }
        }
        guard seen.contains(0b1) else { throw GiveUp() }
        return PlanRecord(
            name: name, planId: planId, spec: spec, specHash: specHash, appliedAt: appliedAt, requestId: requestId,
            serverSpec: serverSpec, pendingCreate: pendingCreate
        )
    }

    private mutating func spec() throws(GiveUp) -> PlanSpec {
        var cluster = "", jobs: [String] = [], schedule = Self.scheduleTemplate, enabled = false
        var description: String?, failurePolicy: String?, type: String?, az: String?
        var clusterName: String?, jobGroup: String?, trigger: String?, sync: Bool?
        var seen = Fields()
        try beginObject()
        while let key = try nextKey() {
            if Self.key(key, is: "cluster") {
                try seen.insert(0)
                cluster = try string()
            } else if Self.key(key, is: "jobs") {
                try seen.insert(1)
                jobs = try strings()
            } else if Self.key(key, is: "schedule") {
                try seen.insert(2)
                schedule = try self.schedule()
            } else if Self.key(key, is: "enabled") {
                try seen.insert(3)
                enabled = try bool()
            } else if Self.key(key, is: "description") {
                try seen.insert(4)
                description = try null() ? nil : string()
            } else if Self.key(key, is: "failurePolicy") {
                try seen.insert(5)
                failurePolicy = try null() ? nil : string()
            } else if Self.key(key, is: "type") {
                try seen.insert(6)
                type = try null() ? nil : string()
            } else if Self.key(key, is: "az") {
                try seen.insert(7)
                az = try null() ? nil : string()
            } else if Self.key(key, is: "clusterName") {
                try seen.insert(8)
                clusterName = try null() ? nil : string()
            } else if Self.key(key, is: "jobGroup") {
                try seen.insert(9)
                jobGroup = try null() ? nil : string()
            } else if Self.key(key, is: "trigger") {
                try seen.insert(10)
                trigger = try null() ? nil : string()
            } else if Self.key(key, is: "sync") {
                try seen.insert(11)
                sync = try null() ? nil : bool()
            } else {
                throw GiveUp()
            }
        }
        // cluster, jobs, schedule and enabled are required.
        guard seen.contains(0b1111) else { throw GiveUp() }
        return PlanSpec(
            cluster: cluster, jobs: jobs, schedule: schedule, description: description, failurePolicy: failurePolicy,
            type: type, enabled: enabled, az: az, clusterName: clusterName, jobGroup: jobGroup, trigger: trigger, sync: sync
        )
    }

    /// A schedule's six strings exactly as stored (decoding does not normalise them).
    private mutating func schedule() throws(GiveUp) -> Schedule {
        var schedule = Self.scheduleTemplate
        var seen = Fields()
        try beginObject()
        while let key = try nextKey() {
            if Self.key(key, is: "time") {
                try seen.insert(0)
                schedule.time = try string()
            } else if Self.key(key, is: "minute") {
                try seen.insert(1)
                schedule.minute = try string()
            } else if Self.key(key, is: "hour") {
                try seen.insert(2)
                schedule.hour = try string()
            } else if Self.key(key, is: "day") {
                try seen.insert(3)
                schedule.day = try string()
            } else if Self.key(key, is: "month") {
                try seen.insert(4)
                schedule.month = try string()
            } else if Self.key(key, is: "week") {
                try seen.insert(5)
                schedule.week = try string()
            } else {
                throw GiveUp()
            }
        }
        guard seen.contains(0b11_1111) else { throw GiveUp() }
        return schedule
    }

    /// Any schedule, to overwrite field by field.
    private static let scheduleTemplate = Schedule(fields: ["0", "0", "0", "*", "*", "?"])

    private mutating func pendingCreate() throws(GiveUp) -> PendingCreate {
        var startedAt = Date(timeIntervalSince1970: 0), specHash = ""
        var seen = Fields()
        try beginObject()
        while let key = try nextKey() {
            if Self.key(key, is: "startedAt") {
                try seen.insert(0)
                startedAt = try date()
            } else if Self.key(key, is: "specHash") {
                try seen.insert(1)
                specHash = try string()
            } else {
                throw GiveUp()
            }
        }
        guard seen.contains(0b11) else { throw GiveUp() }
        return PendingCreate(startedAt: startedAt, specHash: specHash)
    }

    /// The keys an object has had so far, by number; a repeated key gives up.
    private struct Fields {
        private var bits: UInt32 = 0

        mutating func insert(_ field: Int) throws(GiveUp) {
            let bit = UInt32(1) << UInt32(field)
            guard bits & bit == 0 else { throw GiveUp() }
            bits |= bit
        }

        func contains(_ mask: UInt32) -> Bool { bits & mask == mask }
    }

    private static func key(_ key: UnsafeBufferPointer<UInt8>, is name: StaticString) -> Bool {
        key.count == name.utf8CodeUnitCount && memcmp(key.baseAddress!, name.utf8Start, key.count) == 0
    }

    // MARK: JSON values

    /// Consumes `{`.
    private mutating func beginObject() throws(GiveUp) {
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if peek != UInt8(ascii: "}") { expectingKey = true }
    }

    /// Whether the next key of the current object is the first; set by `beginObject`.
    private var expectingKey = false

    /// The next key of the current object (its raw bytes, which must have no escapes),
    /// with the cursor on its value; nil (and past the `}`) at the end of the object.
    private mutating func nextKey() throws(GiveUp) -> UnsafeBufferPointer<UInt8>? {
        skipWhitespace()
        if expectingKey {
            expectingKey = false
        } else {
            let byte = peek
            index += 1
            if byte == UInt8(ascii: "}") { return nil }
            guard byte == UInt8(ascii: ",") else { throw GiveUp() }
            skipWhitespace()
        }
        try expect(UInt8(ascii: "\""))
        let start = index
        while peek != UInt8(ascii: "\"") {
            // Keys with escapes or control characters (or the end) are not the fast path.
            guard peek != UInt8(ascii: "\\"), peek >= 0x20 else { throw GiveUp() }
            index += 1
        }
        let key = UnsafeBufferPointer(rebasing: bytes[start..<index])
        index += 1
        try expect(UInt8(ascii: ":"))
        skipWhitespace()
        return key
    }

    /// Consumes `null` if it is next.
    private mutating func null() -> Bool {
        skipWhitespace()
        return matches("null")
    }

    /// An array of strings.
    private mutating func strings() throws(GiveUp) -> [String] {
        try expect(UInt8(ascii: "["))
        skipWhitespace()
        var items: [String] = []
        if peek == UInt8(ascii: "]") {
            index += 1
            return items
        }
        while true {
            items.append(try string())
            skipWhitespace()
            let byte = peek
            index += 1
            if byte == UInt8(ascii: "]") { return items }
            guard byte == UInt8(ascii: ",") else { throw GiveUp() }
        }
    }

    private mutating func bool() throws(GiveUp) -> Bool {
        skipWhitespace()
        if matches("true") { return true }
        if matches("false") { return false }
        throw GiveUp()
    }

    /// A JSON integer without fraction or exponent, within `Int`'s range.
    private mutating func int() throws(GiveUp) -> Int {
        skipWhitespace()
        let negative = peek == UInt8(ascii: "-")
        if negative { index += 1 }
        let start = index
        var value = 0
        while peek &- UInt8(ascii: "0") < 10 {
            let byte = peek
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(Int(byte &- UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw GiveUp() }
            value = sum
            index += 1
        }
        let digits = index - start
        // No digits, a leading zero, "-0", or a fraction or exponent next: not the fast path.
        guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0"), !(negative && value == 0) else { throw GiveUp() }
        if peek == UInt8(ascii: ".") || peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            throw GiveUp()
        }
        return negative ? -value : value
    }

    /// A string: its bytes in place when it has no escapes, else decoded into a buffer.
    private mutating func string() throws(GiveUp) -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        var high: UInt8 = 0
        while index < bytes.count {
            let byte = base[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            high |= byte
            index += 1
        }
        let byte = peek
        guard byte >= 0x20 else { throw GiveUp() }
        if byte == UInt8(ascii: "\"") {
            index += 1
            let utf8 = UnsafeBufferPointer(rebasing: bytes[start..<index - 1])
            return high < 0x80 ? String(decoding: utf8, as: UTF8.self) : try Self.text(utf8)
        }
        var buffer = Array(bytes[start..<index])
        while true {
            let byte = peek
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try buffer.withUnsafeBufferPointer { (buffer) throws(GiveUp) in try Self.text(buffer) }
            case UInt8(ascii: "\\"):
                try unescape(into: &buffer)
            default:
                guard byte >= 0x20 else { throw GiveUp() }
                buffer.append(byte)
            }
        }
    }

    /// Decodes the escape after a backslash.
    private mutating func unescape(into buffer: inout [UInt8]) throws(GiveUp) {
        let byte = peek
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var value = try hex4()
            if (0xD800...0xDBFF).contains(value) {
                // A high surrogate must be followed by an escaped low one.
                guard matches("\\u") else { throw GiveUp() }
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw GiveUp() }
                value = 0x10000 + (value - 0xD800) << 10 + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(value) else { throw GiveUp() }
            buffer.append(contentsOf: UTF8.encode(scalar)!)
        default:
            throw GiveUp()
        }
    }

    private mutating func hex4() throws(GiveUp) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = peek
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw GiveUp()
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private static func ascii(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.reduce(0, |) < 0x80
    }

    /// Valid UTF-8 as a string.
    private static func text(_ utf8: UnsafeBufferPointer<UInt8>) throws(GiveUp) -> String {
        let text = String(decoding: utf8, as: UTF8.self)
        // Decoding repairs invalid UTF-8 (with U+FFFD), which changes the bytes.
        guard text.utf8.elementsEqual(utf8) else { throw GiveUp() }
        return text
    }

    /// A date string `YYYY-MM-DDTHH:MM:SSZ` (years 1900-9999, every field in range).
    private mutating func date() throws(GiveUp) -> Date {
        skipWhitespace()
        try expect(UInt8(ascii: "\""))
        guard index + 21 <= bytes.count, bytes[index + 20] == UInt8(ascii: "\"") else { throw GiveUp() }
        let text = UnsafeBufferPointer(rebasing: bytes[index..<index + 20])
        index += 21
        func number(_ offset: Int, _ count: Int) throws(GiveUp) -> Int {
            var value = 0
            for position in offset..<offset + count {
                let digit = text[position] &- UInt8(ascii: "0")
                guard digit < 10 else { throw GiveUp() }
                value = value * 10 + Int(digit)
            }
            return value
        }
        for (offset, separator) in [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "Z")] as [(Int, Unicode.Scalar)] {
            guard text[offset] == UInt8(ascii: separator) else { throw GiveUp() }
        }
        let year = try number(0, 4), month = try number(5, 2), day = try number(8, 2)
        let hour = try number(11, 2), minute = try number(14, 2), second = try number(17, 2)
        guard (1900...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= Self.daysInMonth(year: year, month: month), hour < 24, minute < 60, second < 60
        else { throw GiveUp() }
        let seconds = Self.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's days_from_civil).
    private static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    // MARK: Bytes

    /// The byte at the cursor, or 0 past the end (a NUL is never valid where the fast
    /// path reads it, so it gives up either way).
    private var peek: UInt8 { index < bytes.count ? base[index] : 0 }

    /// JSON whitespace: space, tab, line feed, carriage return.
    private mutating func skipWhitespace() {
        while index < bytes.count {
            let byte = base[index]
            if byte == 0x20 {
                // Indentation: eight spaces at a time.
                let eight = index + 8 <= bytes.count
                    && UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) == 0x2020_2020_2020_2020
                index += eight ? 8 : 1
            } else if byte == 0x0A || byte == 0x0D || byte == 0x09 {
                index += 1
            } else {
                return
            }
        }
    }

    private mutating func expect(_ byte: UInt8) throws(GiveUp) {
        skipWhitespace()
        guard peek == byte else { throw GiveUp() }
        index += 1
    }

    /// Consumes `literal` if the bytes at the cursor spell it.
    private mutating func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let equal = literal.withUTF8Buffer { literal in
            memcmp(base + index, literal.baseAddress!, count) == 0
        }
        if equal { index += count }
        return equal
    }
}

extension State {
    /// Every field as decoded.
    init(formatVersion: Int, lineage: String, serial: Int, region: String?, endpoint: String?, plans: [String: PlanRecord]) {
        self.formatVersion = formatVersion
        self.lineage = lineage
        self.serial = serial
        self.region = region
        self.endpoint = endpoint
        self.plans = plans
    }
}

extension PlanRecord {
    /// Every field as decoded (the public initialiser derives `specHash` and drops a
    /// `serverSpec` equal to `spec`; decoding does neither).
    init(
        name: String, planId: Int64?, spec: PlanSpec?, specHash: String?, appliedAt: Date?, requestId: String?,
        serverSpec: PlanSpec?, pendingCreate: PendingCreate?
    ) {
        self.name = name
        self.planId = planId
        self.spec = spec
        self.specHash = specHash
        self.appliedAt = appliedAt
        self.requestId = requestId
        self.serverSpec = serverSpec
        self.pendingCreate = pendingCreate
    }
}
