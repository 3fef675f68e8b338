import Foundation
import Testing

/// PostgreSQL state through the built binary: workspaces, `state migrate` between a
/// file and PostgreSQL, and the password kept out of every output and document.
@Suite(.serialized) struct PostgresStateEndToEndTests {
    /// `state list --output json` names.
    private func listedNames(_ result: ProcessResult) throws -> [String] {
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stdout)")
        return entries.compactMap { $0["name"] as? String }
    }

    @Test func twoWorkspacesInOneDatabaseKeepSeparateState() async throws {
        let run = try PostgresRun()
        defer { run.finish() }
        let alpha = try run.writePlans(ApplyE2E.plans(4, prefix: "alpha"), to: "alpha.yaml")
        let beta = try run.writePlans(ApplyE2E.plans(6, prefix: "beta"), to: "beta.yaml")
        let other = PostgresRun.uniqueWorkspace()

        let first = try await run.run(["apply", "alpha.yaml"] + run.state())
        let second = try await run.run(["apply", "beta.yaml"] + run.state(other))
        #expect(first.status == 0, "\(first.stderr)")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(first.stdout.contains("Apply complete: 4 created, 0 unchanged."), "\(first.stdout)")
        // beta's run does not see alpha's plans (it would offer to prune them otherwise).
        #expect(second.stdout.contains("Apply complete: 6 created, 0 unchanged."), "\(second.stdout)")
        #expect(!second.stdout.contains("no longer declared"), "\(second.stdout)")

        let listedAlpha = try await run.run(["state", "list", "--output", "json"] + run.state())
        let listedBeta = try await run.run(["state", "list", "--output", "json"] + run.state(other))
        #expect(try listedNames(listedAlpha) == alpha.map(\.name))
        #expect(try listedNames(listedBeta) == beta.map(\.name))
        let text = try await run.run(["state", "list"] + run.state(other))
        #expect(text.stdout.hasPrefix("beta-000 "), "\(text.stdout)")

        let storedAlpha = try #require(try await run.storedState())
        let storedBeta = try #require(try await run.storedState(other))
        #expect(storedAlpha.lineage != storedBeta.lineage)
        #expect(Set(storedAlpha.plans.keys) == Set(alpha.map(\.name)))
        #expect(Set(storedBeta.plans.keys) == Set(beta.map(\.name)))

        // Each file is converged against its own workspace only.
        #expect(try await run.run(["plan", "alpha.yaml", "--detailed-exitcode"] + run.state()).status == 0)
        #expect(try await run.run(["plan", "beta.yaml", "--detailed-exitcode"] + run.state(other)).status == 0)
        let crossed = try await run.run(["plan", "alpha.yaml", "--detailed-exitcode"] + run.state(other))
        #expect(crossed.status == 2, "\(crossed.stdout)\n\(crossed.stderr)")
        // JMR_WORKSPACE picks the workspace when --workspace is not given.
        let fromEnvironment = try await run.run(
            ["state", "list", "--output", "json", "--state", run.url], environment: run.sim.environment(["JMR_WORKSPACE": other]))
        #expect(try listedNames(fromEnvironment) == beta.map(\.name))
        // A workspace nobody used is empty.
        let unused = try await run.run(["state", "list"] + run.state(PostgresRun.uniqueWorkspace()))
        #expect(unused.status == 0)
        #expect(unused.stdout.hasPrefix("No plans in state \(run.maskedURL) (workspace "), "\(unused.stdout)")
    }

    @Test func migrateFileToPostgresAndBackKeepsLineageAndPlans() async throws {
        let run = try PostgresRun()
        defer { run.finish() }
        var plans = try run.writePlans(ApplyE2E.plans(5))
        let password = try PostgresSandbox.password()
        // A real file state: applied, then one plan changed (serial > 1).
        #expect(try await run.run(["apply", "plans.yaml", "--state", "state.json"]).status == 0)
        plans[2].schedule = "0 45 5 * * ?"
        try run.writePlans(plans)
        #expect(try await run.run(["apply", "plans.yaml", "--state", "state.json"]).status == 0)
        let original = try run.jsonFile("state.json")
        let originalBytes = try run.directory.read("state.json")
        let lineage = try #require(original["lineage"] as? String)
        let originalSerial = try #require(original["serial"] as? Int)
        let originalPlans = try #require(original["plans"] as? [String: Any])
        #expect(originalSerial > 1)

        // file -> PostgreSQL
        let toPostgres = try await run.run(["state", "migrate", "--from", "state.json", "--to", run.url, "--workspace", run.workspace])
        #expect(toPostgres.status == 0, "\(toPostgres.stderr)")
        #expect(toPostgres.stdout == "Migrated 5 plans from state.json to \(run.maskedURL) (workspace \(run.workspace)) (lineage \(lineage), serial 1).\n")
        #expect(!(toPostgres.stdout + toPostgres.stderr).contains(password))
        let stored = try #require(try await run.storedState())
        #expect(stored.lineage == lineage)
        #expect(stored.serial == 1)
        #expect(NSDictionary(dictionary: stored.plans) == NSDictionary(dictionary: originalPlans))
        #expect(try run.directory.read("state.json") == originalBytes, "the source was changed")
        // The migrated state is the live one: nothing to do against it.
        let plan = try await run.run(["plan", "plans.yaml", "--detailed-exitcode"] + run.state())
        #expect(plan.status == 0, "\(plan.stdout)\n\(plan.stderr)")

        // PostgreSQL -> a new file
        let toFile = try await run.run(["state", "migrate", "--from", run.url, "--to", "back.json", "--workspace", run.workspace])
        #expect(toFile.status == 0, "\(toFile.stderr)")
        #expect(toFile.stdout == "Migrated 5 plans from \(run.maskedURL) (workspace \(run.workspace)) to back.json (lineage \(lineage), serial 1).\n")
        let back = try run.jsonFile("back.json")
        #expect(back["lineage"] as? String == lineage)
        #expect(back["serial"] as? Int == 1)
        #expect(NSDictionary(dictionary: try #require(back["plans"] as? [String: Any])) == NSDictionary(dictionary: originalPlans))
        #expect(back["region"] as? String == original["region"] as? String)
        #expect(back["endpoint"] as? String == original["endpoint"] as? String)
        #expect(try await run.storedState()?.serial == 1, "the source was changed")

        // Work goes on in PostgreSQL, then moves back over the original file (same
        // lineage, an older copy): the file's serial moves on from its own.
        plans.append(contentsOf: ApplyE2E.plans(1, prefix: "later"))
        try run.writePlans(plans)
        #expect(try await run.run(["apply", "plans.yaml"] + run.state()).status == 0)
        let advanced = try #require(try await run.storedState())
        #expect(advanced.serial > 1)
        #expect(advanced.plans.count == 6)
        let home = try await run.run(["state", "migrate", "--from", run.url, "--to", "state.json", "--workspace", run.workspace])
        #expect(home.status == 0, "\(home.stderr)")
        let returned = try run.jsonFile("state.json")
        #expect(returned["lineage"] as? String == lineage)
        #expect(returned["serial"] as? Int == originalSerial + 1)
        #expect(NSDictionary(dictionary: try #require(returned["plans"] as? [String: Any])) == NSDictionary(dictionary: advanced.plans))
        let planFile = try await run.run(["plan", "plans.yaml", "--state", "state.json", "--detailed-exitcode"])
        #expect(planFile.status == 0, "\(planFile.stdout)\n\(planFile.stderr)")
        for file in ["state.json", "back.json"] {
            #expect(!(try run.directory.read(file)).contains(password), "\(file) holds the password")
        }
    }

    @Test func migrateIntoAWorkspaceHoldingOtherStateIsRefused() async throws {
        let run = try PostgresRun()
        defer { run.finish() }
        try run.writePlans(ApplyE2E.plans(3, prefix: "mine"), to: "mine.yaml")
        try run.writePlans(ApplyE2E.plans(2, prefix: "theirs"), to: "theirs.yaml")
        #expect(try await run.run(["apply", "mine.yaml", "--state", "state.json"]).status == 0)
        #expect(try await run.run(["apply", "theirs.yaml"] + run.state()).status == 0)
        let before = try #require(try await run.storedState())
        let fileBefore = try run.directory.read("state.json")
        let lineage = try #require(try run.jsonFile("state.json")["lineage"] as? String)

        let refused = try await run.run(["state", "migrate", "--from", "state.json", "--to", run.url, "--workspace", run.workspace])
        #expect(refused.status == 1)
        #expect(refused.stdout == "")
        #expect(refused.stderr == "error: state \(run.maskedURL) (workspace \(run.workspace)): it already holds other state (lineage \(before.lineage), not \(lineage)); migrate to an empty store; nothing was changed\n")

        let after = try #require(try await run.storedState())
        #expect(after.serial == before.serial)
        #expect(after.lineage == before.lineage)
        #expect(after.data == before.data)
        #expect(try run.directory.read("state.json") == fileBefore)
        // Both locks were released.
        #expect(try await run.storedHolder() == nil)
        let listed = try await run.run(["state", "list", "--output", "json"] + run.state())
        #expect(try listedNames(listed) == ["theirs-000", "theirs-001"])
    }

    @Test func thePasswordIsNeverShown() async throws {
        let run = try PostgresRun()
        defer { run.finish() }
        try run.writePlans(ApplyE2E.plans(3))
        let password = try PostgresSandbox.password()
        try #require(!password.isEmpty, "these checks need a server URL with a password")
        let wrong = "Wr0ng-Secret-4711"
        let wrongURL = try PostgresSandbox.url(password: wrong)
        let port = try #require(URLComponents(string: run.url)?.port)
        let keywords = "host=127.0.0.1 port=\(port) user=postgres password=\(wrong) dbname=postgres"

        for location in [wrongURL, keywords] {
            for command in [["state", "list"], ["apply", "plans.yaml"], ["plan", "plans.yaml"]] {
                let result = try await run.run(command + ["--state", location, "--workspace", run.workspace])
                let output = result.stdout + result.stderr
                #expect(result.status == 1, "\(command): \(output)")
                #expect(result.stderr.hasPrefix("error: state postgres://postgres:****@127.0.0.1:\(port)/postgres (workspace \(run.workspace)): cannot connect: "), "\(command): \(output)")
                #expect(!output.contains(wrong), "\(command) shows the password: \(output)")
                #expect(!output.contains(password))
            }
        }
        #expect(try await run.storedState() == nil)

        // A working run with every detail on.
        let verbose = try await run.run(["apply", "plans.yaml", "--verbose"] + run.state())
        #expect(verbose.status == 0, "\(verbose.stderr)")
        #expect(!verbose.stderr.isEmpty, "--verbose logged nothing")
        let listed = try await run.run(["state", "list"] + run.state())
        let planned = try await run.run(["plan", "plans.yaml", "--verbose", "--output", "json"] + run.state())
        let migrated = try await run.run(["state", "migrate", "--from", run.url, "--to", "copy.json", "--workspace", run.workspace])
        for result in [verbose, listed, planned, migrated] {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!(result.stdout + result.stderr).contains(password), "\(result.stdout)\n\(result.stderr)")
        }
        #expect(migrated.stdout.contains("postgres://postgres:****@127.0.0.1:\(port)/postgres"))
        #expect(!(try run.directory.read("copy.json")).contains(password))
        #expect(!(try #require(try await run.storedState())).data.contains(password))
    }
}
