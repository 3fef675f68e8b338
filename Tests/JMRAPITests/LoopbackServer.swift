import Foundation
import JDCloudAuth
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 server on 127.0.0.1 for wire tests: answers each request with the
/// next canned response and records what arrived (method, raw path, raw query, headers, body).
final class LoopbackServer: Sendable {
    struct Received: Sendable {
        var method: String
        var path: String
        var query: String
        var headers: [HTTPHeaderField]
        var body: [UInt8]
    }

    let port: Int
    private let listener: Int32
    private let state: Mutex<(responses: [String], received: [Received])>
    private let finished = DispatchSemaphore(value: 0)

    /// Starts serving `responses.count` connections, one request each.
    init(responses: [(status: Int, body: String)]) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 && listen(fd, 8) == 0
            }
        }
        guard ok else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let date = Self.httpDate(Date())
        state = Mutex((responses.map { response in
            "HTTP/1.1 \(response.status) X\r\nContent-Type: application/json\r\nDate: \(date)\r\n"
                + "Content-Length: \(response.body.utf8.count)\r\nConnection: close\r\n\r\n" + response.body
        }, []))
        let count = responses.count
        Thread.detachNewThread { [self] in
            for _ in 0..<count { serveOne() }
            finished.signal()
        }
    }

    var received: [Received] { state.withLock { $0.received } }

    /// Waits for the serving thread to finish and closes the listener.
    func stop() {
        _ = finished.wait(timeout: .now() + 10)
        close(listener)
    }

    private func serveOne() {
        let client = accept(listener, nil, nil)
        guard client >= 0 else { return }
        defer { close(client) }
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        var headerEnd: Int?
        var expected = Int.max
        while buffer.count < expected {
            let n = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, 4096, 0) }
            guard n > 0 else { break }
            buffer += chunk[0..<n]
            if headerEnd == nil, let end = Self.find([13, 10, 13, 10], in: buffer) {
                headerEnd = end + 4
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                expected = end + 4 + length
            }
        }
        guard let headerEnd else { return }
        let lines = String(decoding: buffer[0..<(headerEnd - 4)], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        let target = String(requestLine[1])
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target
        let query = target.contains("?") ? String(target.split(separator: "?", maxSplits: 1)[1]) : ""
        let headers: [HTTPHeaderField] = lines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let response = state.withLock { state -> String in
            state.received.append(Received(
                method: String(requestLine[0]), path: path, query: query, headers: headers, body: Array(buffer[headerEnd...])
            ))
            return state.responses.isEmpty ? "HTTP/1.1 500 X\r\nContent-Length: 0\r\n\r\n" : state.responses.removeFirst()
        }
        let bytes = Array(response.utf8)
        _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where Array(haystack[index..<(index + needle.count)]) == needle {
            return index
        }
        return nil
    }

    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
