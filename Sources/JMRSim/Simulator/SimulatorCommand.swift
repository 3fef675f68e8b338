#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// The `jmr-sim` command: parse arguments, start the server, run until SIGINT or SIGTERM.
public enum SimulatorCommand {
    /// Exit status for a command-line mistake (EX_USAGE).
    public static let usageExitCode: Int32 = 64

    /// Runs the command with the arguments after the program name; returns the exit status.
    public static func main(arguments: [String]) -> Int32 {
        let options: SimulatorOptions
        do throws(UsageError) {
            switch try SimulatorOptions.parse(arguments) {
            case .help:
                print(SimulatorOptions.usage)
                return 0
            case .run(let parsed):
                options = parsed
            }
        } catch {
            SimulatorServer.logToStandardError("jmr-sim: \(error.message)\n\n\(SimulatorOptions.usage)")
            return usageExitCode
        }
        return run(options)
    }

    /// Starts a server with `options` and blocks until SIGINT or SIGTERM, then stops it.
    public static func run(_ options: SimulatorOptions) -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let server: SimulatorServer
        let port: UInt16
        do throws(SimulatorError) {
            server = try SimulatorServer(options: options)
            port = try server.start()
        } catch {
            SimulatorServer.logToStandardError("jmr-sim: \(error.message)")
            return 1
        }
        // Written straight to the descriptor, so the line is never stuck in a buffer.
        FileHandle.standardOutput.write(Data("jmr-sim listening on http://\(options.host):\(port)\n".utf8))

        let stopped = DispatchSemaphore(value: 0)
        let queue = DispatchQueue(label: "jmr-sim.signals")
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { stopped.signal() }
            source.resume()
            sources.append(source)
        }
        stopped.wait()
        server.stop()
        sources.forEach { $0.cancel() }
        if !options.quiet { SimulatorServer.logToStandardError("jmr-sim stopped") }
        return 0
    }
}
