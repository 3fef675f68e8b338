#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import JMRSim

/// A parsed HTTP response read by `RawHTTPConnection`.
struct RawResponse {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    var json: JSONValue? { try? JSONParser.parse(body) }
    var text: String { String(decoding: body, as: UTF8.self) }
    /// `error.status` of a JD-style error body.
    var errorStatus: String? {
        if case .string(let status)? = json?["error"]?["status"] { return status }
        return nil
    }
    var errorMessage: String? {
        if case .string(let message)? = json?["error"]?["message"] { return message }
        return nil
    }
}

enum RawHTTPError: Error {
    case connectFailed(Int32)
    case closed
    case malformedResponse(String)
}

/// A blocking client connection over a plain socket, so tests can send any bytes at all.
final class RawHTTPConnection {
    let descriptor: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16, timeoutSeconds: Int = 20) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(descriptor)
            throw RawHTTPError.connectFailed(errno)
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { return }
            offset += written
        }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Sends a POST with a JSON body and the given extra headers.
    func post(_ path: String, body: String, headers: [(String, String)] = []) {
        send(RawHTTPConnection.request("POST", path, body: Array(body.utf8), headers: headers))
    }

    static func request(_ method: String, _ path: String, body: [UInt8] = [], headers: [(String, String)] = []) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
            head += "Content-Type: application/json\r\n"
        }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw RawHTTPError.closed }
        buffer.append(contentsOf: chunk[0..<count])
    }

    /// Reads one response (skipping any 100 Continue); throws `.closed` at end of stream.
    func readResponse() throws -> RawResponse {
        while true {
            var headEnd: Int?
            while headEnd == nil {
                if let range = findHeadEnd() { headEnd = range } else { try fill() }
            }
            let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
            buffer.removeFirst(headEnd! + 4)
            var lines = head.components(separatedBy: "\r\n")
            let statusLine = lines.removeFirst().split(separator: " ")
            guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
                throw RawHTTPError.malformedResponse(head)
            }
            var headers = HTTPHeaders()
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers.add(String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            if status == 100 { continue }
            let length = Int(headers["Content-Length"] ?? "0") ?? 0
            while buffer.count < length { try fill() }
            let body = Array(buffer[0..<length])
            buffer.removeFirst(length)
            return RawResponse(status: status, headers: headers, body: body)
        }
    }

    /// True when the server closed the connection (reads end of stream) without sending more.
    func readsEndOfStream() -> Bool {
        do {
            try fill()
            return false
        } catch {
            return true
        }
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }
}
