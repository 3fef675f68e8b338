import Foundation
import Testing

/// The state lock between real processes: a holder process keeps an `flock` on
/// `<state>.lock`, and `jmr-apply state rm` waits for it or times out naming the holder.
@Suite struct StateLockEndToEndTests {
    static let python = "/usr/bin/python3"

    /// Locks argv[1] with flock, writes argv[2] into it, prints "locked", then holds the lock
    /// for argv[3] seconds or until stdin closes, and exits (which releases the lock).
    static let holderScript = """
        import fcntl, os, select, sys
        path, holder, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, holder.encode(), 0)
        print("locked", flush=True)
        select.select([sys.stdin], [], [], seconds)
        """

    static let holderJSON = #"{"command":"jmr-apply plans/","host":"ci-runner-7","pid":4242,"since":"2027-01-15T08:00:00Z","user":"deploy"}"#
    static let holderText = "deploy@ci-runner-7 pid 4242 since 2027-01-15T08:00:00Z running 'jmr-apply plans/'"

    private func workspace() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("jmr-apply-lock")
        try directory.write("jmr-apply.state.json", StateCommandEndToEndTests.state)
        return directory
    }

    /// Starts a process holding the state lock for `seconds`, once it reports it has it.
    private func holdLock(in directory: TemporaryDirectory, holder: String = holderJSON, seconds: Double) throws -> BackgroundProcess {
        let process = try BackgroundProcess(
            Self.python, ["-c", Self.holderScript, "jmr-apply.state.json.lock", holder, String(seconds)],
            in: directory.url, environment: Executables.cleanEnvironment()
        )
        guard process.waitForLine("locked") else {
            throw SimulatorError("the lock holder did not start: \(process.finish().stderr)")
        }
        return process
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python)))
    func timesOutNamingTheHolderAndChangesNothing() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let holder = try holdLock(in: directory, seconds: 60)
        defer { holder.stop() }
        let result = try Executables.runJMRApply(["state", "rm", "a", "--yes", "--lock-timeout", "1s"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == """
            Waiting for the state lock, held by \(Self.holderText)...
            error: timed out after 1s waiting for the lock on state jmr-apply.state.json: held by \(Self.holderText)

            """)
        #expect(try directory.read("jmr-apply.state.json") == StateCommandEndToEndTests.state)
        #expect(try directory.read("jmr-apply.state.json.lock") == Self.holderJSON)
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("jmr-apply.state.json.backup").path))
        // The holder still has it.
        #expect(holder.process.isRunning)
        holder.closeInput()
        #expect(holder.finish().status == 0)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python)))
    func proceedsOnceTheHolderExits() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let holder = try holdLock(in: directory, seconds: 1.5)
        defer { holder.stop() }
        let result = try Executables.runJMRApply(["state", "rm", "a", "--yes", "--lock-timeout", "30s"], in: directory.url)
        #expect(result.status == 0)
        // It waited (the holder was there) and then did the work.
        #expect(result.stderr == "Waiting for the state lock, held by \(Self.holderText)...\n")
        #expect(result.stdout == "Removed 'a' from state jmr-apply.state.json. The plan on the server was not touched.\n")
        #expect(!holder.process.isRunning)
        #expect(!(try directory.read("jmr-apply.state.json")).contains("\"a\""))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python)))
    func holderWithoutReadableInformation() throws {
        let directory = try workspace()
        defer { directory.remove() }
        let holder = try holdLock(in: directory, holder: "not json", seconds: 60)
        defer { holder.stop() }
        let result = try Executables.runJMRApply(["state", "rm", "a", "--yes", "--lock-timeout", "300ms"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr == """
            Waiting for the state lock, held by another process...
            error: timed out after 0.3s waiting for the lock on state jmr-apply.state.json: held by an unknown process

            """)
    }

    @Test func staleHolderInformationDoesNotBlock() throws {
        // A holder that died leaves its details in the lock file but no lock.
        let directory = try workspace()
        defer { directory.remove() }
        try directory.write("jmr-apply.state.json.lock", Self.holderJSON)
        let result = try Executables.runJMRApply(["state", "rm", "a", "--yes", "--lock-timeout", "0s"], in: directory.url)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(try directory.read("jmr-apply.state.json.lock") == "")
    }

    /// The holder is a real `jmr-apply apply`, slowed by a simulator answering after 700 ms.
    @Test func applyHoldsTheLockAgainstStateRm() throws {
        let simulator = try SimulatorProcess(["--latency-ms", "700"])
        defer { simulator.stop() }
        let directory = try TemporaryDirectory("jmr-apply-lock")
        defer { directory.remove() }
        try directory.write("plans.yaml", """
            version: 1
            region: cn-north-1
            plans:
              alpha: {cluster: jmr-1, jobs: [1], schedule: "0 0 1 * * ?"}
              beta: {cluster: jmr-1, jobs: [2], schedule: "0 0 2 * * ?"}
            """)
        let apply = try BackgroundProcess(
            Executables.jmrApply, ["apply", "plans.yaml", "--parallelism", "1"], in: directory.url, environment: simulator.environment()
        )
        defer { apply.stop() }
        // Wait until apply has taken the lock and written who it is.
        let lockFile = directory.url.appendingPathComponent("jmr-apply.state.json.lock")
        let deadline = Date().addingTimeInterval(20)
        var holder: [String: Any]?
        while holder == nil, Date() < deadline, apply.process.isRunning {
            if let data = try? Data(contentsOf: lockFile), !data.isEmpty {
                holder = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            }
            if holder == nil { Thread.sleep(forTimeInterval: 0.02) }
        }
        let info = try #require(holder, "apply never recorded itself in the lock file")
        #expect(info["pid"] as? Int == Int(apply.pid))
        #expect(info["command"] as? String == "jmr-apply apply plans.yaml --parallelism 1")

        let refused = try Executables.runJMRApply(["state", "rm", "alpha", "--yes", "--lock-timeout", "1s"], in: directory.url)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("error: timed out after 1s waiting for the lock on state jmr-apply.state.json: held by "))
        #expect(refused.stderr.contains(" pid \(apply.pid) since "))
        #expect(refused.stderr.contains(" running 'jmr-apply apply plans.yaml --parallelism 1'"))
        #expect(apply.process.isRunning)

        // With time to wait, rm runs after apply finished and sees what apply saved.
        let waited = try Executables.runJMRApply(["state", "rm", "alpha", "--yes", "--lock-timeout", "60s"], in: directory.url)
        let applied = apply.finish()
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("Apply complete: 2 created"))
        #expect(waited.status == 0, "\(waited.stderr)")
        #expect(waited.stderr.hasPrefix("Waiting for the state lock, held by "))
        #expect(waited.stdout == "Removed 'alpha' from state jmr-apply.state.json. The plan on the server was not touched.\n")
        let listed = try Executables.runJMRApply(["state", "list"], in: directory.url)
        #expect(listed.stdout.hasPrefix("beta  "))
        #expect(!listed.stdout.contains("alpha"))
        // The server still has both plans: rm only forgets.
        #expect(try simulator.plans().count == 2)
    }
}
