import Foundation
import Synchronization

/// A running JMR API simulator: the HTTP server plus the simulated service.
///
/// ```swift
/// var options = SimulatorOptions()
/// options.port = 0
/// let server = try SimulatorServer(options: options)
/// let port = try server.start()          // http://127.0.0.1:\(port)
/// defer { server.stop() }
/// ```
public final class SimulatorServer: Sendable {
    public let options: SimulatorOptions
    private let service: SimulatorService
    private let http: HTTPServer
    private let boundPort = Mutex<UInt16?>(nil)

    /// Creates a server (loading `options.stateFile` if given). `log` receives one line per
    /// request unless `options.quiet`; by default lines go to standard error.
    public init(options: SimulatorOptions, log: (@Sendable (String) -> Void)? = nil) throws(SimulatorError) {
        self.options = options
        let service = try SimulatorService(options: options, log: log ?? Self.logToStandardError)
        self.service = service
        var configuration = HTTPServerConfiguration()
        configuration.limits = options.limits
        configuration.idleTimeoutSeconds = options.idleTimeoutSeconds
        configuration.now = { [service] in service.now() }
        configuration.protocolErrorResponse = { [service] status, message in
            service.protocolErrorResponse(status: status, message: message)
        }
        http = HTTPServer(configuration: configuration) { [service] request in service.handle(request) }
    }

    /// Starts listening; returns the bound port (useful with `options.port == 0`).
    @discardableResult
    public func start() throws(SimulatorError) -> UInt16 {
        do throws(SocketError) {
            let port = try http.start(host: options.host, port: options.port)
            boundPort.withLock { $0 = port }
            return port
        } catch {
            throw SimulatorError("cannot listen on \(options.host):\(options.port): \(error)")
        }
    }

    /// The bound port once started.
    public var port: UInt16? { boundPort.withLock { $0 } }

    /// `http://host:port` once started.
    public var baseURL: String? { port.map { "http://\(options.host):\($0)" } }

    /// Stops accepting, closes open connections, and saves the state file if there is one.
    public func stop() {
        http.stop()
        boundPort.withLock { $0 = nil }
        do throws(SimulatorError) {
            try service.saveState()
        } catch {
            Self.logToStandardError("jmr-sim: \(error)")
        }
    }

    /// A snapshot of every plan, ordered by planId.
    public var plans: [SimulatedPlan] { service.plans }

    /// A snapshot of the call counters.
    public var statistics: SimulatorStatistics { service.currentStatistics }

    /// Writes a line to standard error.
    public static let logToStandardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
