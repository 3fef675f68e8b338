import Foundation
import Testing
@testable import JMRSim

@Suite("Command line")
struct CommandLineTests {
    @Test func defaults() throws {
        guard case .run(let options) = try SimulatorOptions.parse([]) else {
            Issue.record("expected run")
            return
        }
        #expect(options == SimulatorOptions())
        #expect(options.host == "127.0.0.1")
        #expect(options.port == 8080)
        #expect(!options.requiresSignature)
    }

    @Test func everyOption() throws {
        let parsed = try SimulatorOptions.parse([
            "--host", "0.0.0.0", "--port=0", "--access-key", "AK", "--secret-key", "SK", "--latency-ms", "25",
            "--fail-rate", "0.1", "--fail-after-commit-rate=0.2", "--drop-rate", "0.3", "--seed", "18446744073709551615",
            "--state-file", "/tmp/x.json", "--quiet", "--clock-offset-seconds", "-90", "--idle-timeout-seconds", "2.5",
        ])
        guard case .run(let options) = parsed else {
            Issue.record("expected run")
            return
        }
        #expect(options.host == "0.0.0.0")
        #expect(options.port == 0)
        #expect(options.accessKey == "AK")
        #expect(options.secretKey == "SK")
        #expect(options.requiresSignature)
        #expect(options.latencyMilliseconds == 25)
        #expect(options.failRate == 0.1)
        #expect(options.failAfterCommitRate == 0.2)
        #expect(options.dropRate == 0.3)
        #expect(options.seed == UInt64.max)
        #expect(options.stateFile == "/tmp/x.json")
        #expect(options.quiet)
        #expect(options.clockOffsetSeconds == -90)
        #expect(options.idleTimeoutSeconds == 2.5)
        #expect(try SimulatorOptions.parse(["--port", "1", "--help"]) == .help)
    }

    @Test(arguments: [
        (["--bogus"], "unknown option '--bogus'"),
        (["stray"], "unexpected argument 'stray'"),
        (["--port"], "--port needs a value"),
        (["--port", "70000"], "--port must be 0...65535, got '70000'"),
        (["--host", "localhost"], "--host must be an IPv4 address, got 'localhost'"),
        (["--fail-rate", "1.5"], "--fail-rate must be a number between 0 and 1, got '1.5'"),
        (["--fail-rate", "0.6", "--drop-rate", "0.6"], "--fail-rate, --fail-after-commit-rate and --drop-rate add up to more than 1"),
        (["--access-key", "AK"], "--access-key and --secret-key must be given together"),
        (["--latency-ms", "-1"], "--latency-ms must be an integer in 0...600000, got '-1'"),
        (["--seed", "x"], "--seed must be a non-negative integer, got 'x'"),
        (["--quiet=yes"], "--quiet takes no value"),
    ])
    func mistakes(arguments: [String], message: String) {
        #expect(throws: UsageError(message: message)) { try SimulatorOptions.parse(arguments) }
    }

    @Test func secretIsNotEchoedInErrors() {
        do {
            _ = try SimulatorOptions.parse(["--secret-key", "TOPSECRET"])
            Issue.record("expected a usage error")
        } catch {
            #expect(!error.message.contains("TOPSECRET"))
        }
    }
}

@Suite("jmr-sim executable")
struct ExecutableTests {
    /// The built `jmr-sim` beside the test bundle.
    func executable() throws -> URL {
        var directory = Bundle.main.bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        for candidate in [directory, Bundle.main.executableURL?.deletingLastPathComponent()].compactMap({ $0 }) {
            let url = candidate.appendingPathComponent("jmr-sim")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw SimulatorError("jmr-sim not found next to \(directory.path); run swift build --build-tests")
    }

    @Test func printsItsUrlServesAndStopsOnSigterm() throws {
        let statePath = temporaryPath("state.json")
        let process = Process()
        process.executableURL = try executable()
        process.arguments = ["--port", "0", "--state-file", statePath, "--quiet"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        var firstLine: [UInt8] = []
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard let value = byte.first, value != 0x0A else { break }
            firstLine.append(value)
        }
        let line = String(decoding: firstLine, as: UTF8.self)
        #expect(line.hasPrefix("jmr-sim listening on http://127.0.0.1:"))
        let port = try #require(UInt16(line.split(separator: ":").last ?? ""))

        let connection = try RawHTTPConnection(port: port)
        connection.post("/v1/regions/cn-north-1/cronJob:create", body: TestServer.createBody(name: "from-binary"))
        #expect(try connection.readResponse().status == 200)

        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        let state = try String(contentsOfFile: statePath, encoding: .utf8)
        #expect(state.contains("from-binary"))
    }

    @Test func logsOneLinePerRequestAndStopsOnSigint() throws {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = ["--port", "0"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var firstLine: [UInt8] = []
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard let value = byte.first, value != 0x0A else { break }
            firstLine.append(value)
        }
        let port = try #require(UInt16(String(decoding: firstLine, as: UTF8.self).split(separator: ":").last ?? ""))
        let connection = try RawHTTPConnection(port: port)
        connection.post("/v1/regions/cn-north-1/cronJob:list", body: "{}")
        #expect(try connection.readResponse().status == 200)
        process.interrupt()  // SIGINT
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lines = log.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("POST /v1/regions/cn-north-1/cronJob:list 200 ") && $0.hasSuffix("ms") })
    }

    @Test func badArgumentsExit64WithUsage() throws {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = ["--port", "nope"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("--port must be 0...65535"))
        #expect(text.contains("usage: jmr-sim"))
    }
}
