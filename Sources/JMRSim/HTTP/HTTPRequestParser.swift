/// Limits the parser enforces on each request.
public struct HTTPLimits: Sendable, Equatable {
    /// Largest request line plus header section, in bytes (431 beyond it).
    public var maxHeaderBytes: Int
    /// Largest body, in bytes (413 beyond it).
    public var maxBodyBytes: Int
    /// Largest number of header fields (431 beyond it).
    public var maxHeaderCount: Int

    public init(maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 1024 * 1024, maxHeaderCount: Int = 100) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderCount = maxHeaderCount
    }
}

/// A request the parser rejects: the status to answer with and why. The connection is
/// closed after answering, because the byte stream can no longer be trusted.
struct HTTPParseError: Error, Sendable, Equatable {
    var status: Int
    var message: String
}

/// An incremental HTTP/1.x request parser: feed it bytes as they arrive, take requests out.
///
/// Only `Content-Length` bodies are accepted; a request with `Transfer-Encoding` gets 411.
/// Lines may end in CRLF or a bare LF.
struct HTTPRequestParser {
    enum Step {
        /// More bytes are needed.
        case needMore
        /// The head is complete and the client sent `Expect: 100-continue`; answer 100 and keep feeding.
        case expectsContinue
        case request(HTTPRequest)
    }

    private struct Head {
        var method: String
        var target: String
        var minorVersion: Int
        var headers: HTTPHeaders
        var contentLength: Int
    }

    let limits: HTTPLimits
    private var buffer: [UInt8] = []
    /// Where the search for the end of the head resumes.
    private var scanOffset = 0
    private var pendingHead: Head?
    private var continueAnnounced = false

    init(limits: HTTPLimits) {
        self.limits = limits
    }

    /// True when no partial request is buffered.
    var isIdle: Bool { buffer.isEmpty && pendingHead == nil }

    mutating func append(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Takes the next complete request out of the buffer, if there is one.
    mutating func next() throws(HTTPParseError) -> Step {
        if pendingHead == nil {
            // Ignore empty lines before a request line (RFC 9112 §2.2).
            var leading = 0
            while leading < buffer.count, buffer[leading] == 0x0D || buffer[leading] == 0x0A { leading += 1 }
            if leading > 0 {
                buffer.removeFirst(leading)
                scanOffset = 0
            }
            guard let headEnd = findHeadEnd() else {
                if buffer.count > limits.maxHeaderBytes {
                    throw HTTPParseError(status: 431, message: "request header section exceeds \(limits.maxHeaderBytes) bytes")
                }
                return .needMore
            }
            if headEnd.contentEnd > limits.maxHeaderBytes {
                throw HTTPParseError(status: 431, message: "request header section exceeds \(limits.maxHeaderBytes) bytes")
            }
            let head = try parseHead(buffer[0..<headEnd.contentEnd])
            buffer.removeFirst(headEnd.total)
            scanOffset = 0
            pendingHead = head
            continueAnnounced = false
        }
        guard let head = pendingHead else { return .needMore }
        if buffer.count < head.contentLength {
            let expectations = head.headers.values(for: "Expect").map { $0.lowercased() }
            if !continueAnnounced, expectations.contains("100-continue") {
                continueAnnounced = true
                return .expectsContinue
            }
            return .needMore
        }
        let body = Array(buffer[0..<head.contentLength])
        buffer.removeFirst(head.contentLength)
        pendingHead = nil
        return .request(HTTPRequest(
            method: head.method, target: head.target, minorVersion: head.minorVersion,
            headers: head.headers, body: body
        ))
    }

    /// Finds the blank line ending the head: returns where the header lines end and where the body begins.
    private mutating func findHeadEnd() -> (contentEnd: Int, total: Int)? {
        var position = max(scanOffset, 0)
        while position < buffer.count {
            if buffer[position] == 0x0A {
                // A line feed followed by either LF or CRLF ends the head.
                if position + 1 < buffer.count, buffer[position + 1] == 0x0A {
                    return (position + 1, position + 2)
                }
                if position + 2 < buffer.count, buffer[position + 1] == 0x0D, buffer[position + 2] == 0x0A {
                    return (position + 1, position + 3)
                }
                if position + 2 >= buffer.count {
                    // Not enough bytes yet to decide; rescan from this line feed next time.
                    scanOffset = position
                    return nil
                }
            }
            position += 1
        }
        scanOffset = max(0, buffer.count - 1)
        return nil
    }

    private func parseHead(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> Head {
        var lines: [ArraySlice<UInt8>] = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { line in line.last == 0x0D ? line.dropLast() : line }
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard let requestLine = lines.first else { throw bad("empty request") }
        let (method, target, minorVersion) = try parseRequestLine(requestLine)

        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            if line.first == 0x20 || line.first == 0x09 {
                throw bad("obsolete header line folding is not allowed")
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                throw bad("header line without ':'")
            }
            let nameBytes = line[line.startIndex..<colon]
            guard !nameBytes.isEmpty, nameBytes.allSatisfy(Self.isTokenByte) else {
                throw bad("invalid header name")
            }
            let valueBytes = line[(colon + 1)...]
            guard valueBytes.allSatisfy({ $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) }) else {
                throw bad("invalid character in header value")
            }
            let name = String(decoding: nameBytes, as: UTF8.self)
            let value = String(decoding: valueBytes, as: UTF8.self).trimmingASCIIWhitespace()
            headers.add(name, value)
            if headers.fields.count > limits.maxHeaderCount {
                throw HTTPParseError(status: 431, message: "more than \(limits.maxHeaderCount) header fields")
            }
        }

        if !headers.values(for: "Transfer-Encoding").isEmpty {
            throw HTTPParseError(status: 411, message: "Transfer-Encoding request bodies are not supported; send Content-Length")
        }
        var contentLength = 0
        let lengths = headers.values(for: "Content-Length")
            .flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .map { $0.trimmingASCIIWhitespace() }
        if let first = lengths.first {
            guard lengths.allSatisfy({ $0 == first }) else { throw bad("conflicting Content-Length values") }
            guard !first.isEmpty, first.utf8.count <= 18, first.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let length = Int(first)
            else { throw bad("invalid Content-Length") }
            contentLength = length
        }
        if contentLength > limits.maxBodyBytes {
            throw HTTPParseError(status: 413, message: "request body of \(contentLength) bytes exceeds \(limits.maxBodyBytes) bytes")
        }
        if minorVersion >= 1, headers["Host"] == nil {
            throw bad("HTTP/1.1 request without a Host header")
        }
        return Head(method: method, target: target, minorVersion: minorVersion, headers: headers, contentLength: contentLength)
    }

    private func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> (String, String, Int) {
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw bad("malformed request line") }
        let methodBytes = parts[0], targetBytes = parts[1], versionBytes = parts[2]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(Self.isTokenByte) else { throw bad("invalid method") }
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw bad("invalid request target")
        }
        guard targetBytes.first == UInt8(ascii: "/") || Array(targetBytes) == [UInt8(ascii: "*")] else {
            throw bad("request target must be an absolute path")
        }
        let version = String(decoding: versionBytes, as: UTF8.self)
        let minor: Int
        switch version {
        case "HTTP/1.1": minor = 1
        case "HTTP/1.0": minor = 0
        default:
            if version.hasPrefix("HTTP/"), version.utf8.count == 8 {
                throw HTTPParseError(status: 505, message: "unsupported HTTP version \(version)")
            }
            throw bad("malformed HTTP version")
        }
        return (String(decoding: methodBytes, as: UTF8.self), String(decoding: targetBytes, as: UTF8.self), minor)
    }

    private func bad(_ message: String) -> HTTPParseError {
        HTTPParseError(status: 400, message: message)
    }

    /// RFC 9110 token characters.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
