#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import Synchronization

/// How the HTTP server runs: limits, timeouts and the clock for `Date` headers.
struct HTTPServerConfiguration: Sendable {
    var limits = HTTPLimits()
    /// How long a connection may sit without sending a byte before it is closed.
    var idleTimeoutSeconds: Double = 15
    /// Connections beyond this many get 503 and are closed.
    var maxConnections = 1024
    /// Seconds since 1970 for the `Date` header.
    var now: @Sendable () -> Double = { Date().timeIntervalSince1970 }
    /// The answer to a request the parser rejects (the connection is closed after it).
    var protocolErrorResponse: @Sendable (_ status: Int, _ message: String) -> HTTPResponse = { status, message in
        .json(status, ["error": ["code": .integer(status), "status": .string(HTTPServer.errorStatus(for: status)),
                                 "message": .string(message)]])
    }
}

/// A small HTTP/1.1 server over POSIX sockets: one thread accepts, one thread per connection.
///
/// Connections are kept alive (pipelining works), idle connections time out, malformed
/// requests are answered with 4xx and closed. The handler runs on the connection's thread.
final class HTTPServer: Sendable {
    private struct State {
        var listener: Int32 = -1
        var wakePipe: (read: Int32, write: Int32) = (-1, -1)
        var connections: Set<Int32> = []
        var stopping = false
    }

    private let configuration: HTTPServerConfiguration
    private let handler: @Sendable (HTTPRequest) -> HTTPOutcome
    private let state = Mutex(State())
    private let threads = DispatchGroup()

    init(configuration: HTTPServerConfiguration, handler: @escaping @Sendable (HTTPRequest) -> HTTPOutcome) {
        self.configuration = configuration
        self.handler = handler
    }

    /// Binds and starts accepting; returns the bound port.
    func start(host: String, port: UInt16) throws(SocketError) -> UInt16 {
        let (listener, boundPort) = try Socket.openListener(host: host, port: port)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            let error = SocketError("pipe")
            close(listener)
            throw error
        }
        let (wakeRead, wakeWrite) = (fds[0], fds[1])
        state.withLock {
            $0.listener = listener
            $0.wakePipe = (wakeRead, wakeWrite)
            $0.stopping = false
        }
        threads.enter()
        let thread = Thread { [self] in
            acceptLoop(listener: listener, wake: wakeRead)
            threads.leave()
        }
        thread.name = "jmr-sim accept"
        thread.start()
        return boundPort
    }

    /// Stops accepting, closes every open connection and waits (up to `timeoutSeconds`) for their threads.
    func stop(timeoutSeconds: Double = 10) {
        let wakeWriter: Int32? = state.withLock { state in
            guard !state.stopping, state.listener >= 0 else { return nil }
            state.stopping = true
            for connection in state.connections { shutdown(connection, Int32(SHUT_RDWR)) }
            return state.wakePipe.write
        }
        guard let wakeWriter else { return }
        var byte: UInt8 = 1
        _ = write(wakeWriter, &byte, 1)
        _ = threads.wait(timeout: .now() + timeoutSeconds)
        state.withLock { state in
            close(state.listener)
            close(state.wakePipe.read)
            close(state.wakePipe.write)
            state.listener = -1
            state.wakePipe = (-1, -1)
        }
    }

    private func acceptLoop(listener: Int32, wake: Int32) {
        var pollFDs = [
            pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let ready = poll(&pollFDs, nfds_t(pollFDs.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if pollFDs[1].revents != 0 { return }
            guard pollFDs[0].revents & Int16(POLLIN) != 0 else { continue }
            let connection = accept(listener, nil, nil)
            if connection < 0 { continue }
            Socket.configureConnection(connection, timeoutSeconds: configuration.idleTimeoutSeconds)
            let admitted = state.withLock { state -> Bool in
                guard !state.stopping, state.connections.count < configuration.maxConnections else { return false }
                state.connections.insert(connection)
                return true
            }
            guard admitted else {
                reject(connection)
                continue
            }
            threads.enter()
            let thread = Thread { [self] in
                serve(connection)
                state.withLock { state in
                    state.connections.remove(connection)
                    close(connection)
                }
                threads.leave()
            }
            thread.stackSize = 1 << 20
            thread.name = "jmr-sim connection"
            thread.start()
        }
    }

    private func reject(_ connection: Int32) {
        let response = HTTPResponse.json(503, ["error": ["code": 503, "status": "UNAVAILABLE", "message": "too many connections"]])
        send(response, to: connection, keepAlive: false)
        close(connection)
    }

    /// Reads requests from one connection and answers them until it closes.
    private func serve(_ connection: Int32) {
        var parser = HTTPRequestParser(limits: configuration.limits)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let step: HTTPRequestParser.Step
            do {
                step = try parser.next()
            } catch {
                let response = configuration.protocolErrorResponse(error.status, error.message)
                send(response, to: connection, keepAlive: false)
                lingeringClose(connection)
                return
            }
            switch step {
            case .needMore:
                guard let count = Socket.receive(connection, into: &chunk) else { return }
                parser.append(chunk[0..<count])
            case .expectsContinue:
                guard Socket.sendAll(connection, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return }
            case .request(let request):
                switch handler(request) {
                case .drop:
                    return
                case .respond(let response):
                    let keepAlive = request.wantsKeepAlive && !response.closesConnection
                    guard send(response, to: connection, keepAlive: keepAlive, headOnly: request.method == "HEAD"),
                        keepAlive
                    else { return }
                }
            }
        }
    }

    /// After an error answer, stop writing and drain what the client is still sending for a
    /// moment, so that closing does not reset the connection before the answer is read.
    private func lingeringClose(_ connection: Int32) {
        shutdown(connection, Int32(SHUT_WR))
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var sink = [UInt8](repeating: 0, count: 64 * 1024)
        var drained = 0
        while drained < 4 * 1024 * 1024, let count = Socket.receive(connection, into: &sink) {
            drained += count
        }
    }

    @discardableResult
    private func send(_ response: HTTPResponse, to connection: Int32, keepAlive: Bool, headOnly: Bool = false) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(HTTPResponse.reason(for: response.status))\r\n"
        head += "Date: \(HTTPDate.string(secondsSince1970: configuration.now()))\r\n"
        for field in response.headers { head += "\(field.name): \(field.value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\n"
        head += "Connection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        var bytes = Array(head.utf8)
        if !headOnly { bytes.append(contentsOf: response.body) }
        return Socket.sendAll(connection, bytes)
    }

    /// The JD Cloud error status name for an HTTP status the server produces itself.
    static func errorStatus(for code: Int) -> String {
        switch code {
        case 400: "INVALID_ARGUMENT"
        case 401: "UNAUTHENTICATED"
        case 404: "NOT_FOUND"
        case 405: "METHOD_NOT_ALLOWED"
        case 411: "LENGTH_REQUIRED"
        case 413: "PAYLOAD_TOO_LARGE"
        case 431: "HEADERS_TOO_LARGE"
        case 503: "UNAVAILABLE"
        case 505: "HTTP_VERSION_NOT_SUPPORTED"
        default: code >= 500 ? "INTERNAL" : "INVALID_ARGUMENT"
        }
    }
}
