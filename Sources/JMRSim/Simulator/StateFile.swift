#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The `--state-file`: plans as pretty JSON, `{"version": 1, "nextPlanId": n, "plans": [...]}`,
/// written to a temporary file beside it, flushed and renamed over it.
struct StateFile: Sendable {
    static let version = 1

    private struct Contents: Codable {
        var version: Int
        var nextPlanId: Int
        var plans: [SimulatedPlan]
    }

    let path: String

    /// The saved registry, or nil when the file does not exist.
    func load() throws(SimulatorError) -> PlanRegistry? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let contents: Contents
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            contents = try JSONDecoder().decode(Contents.self, from: data)
        } catch {
            throw SimulatorError("cannot read state file \(path): \(error)")
        }
        guard contents.version == Self.version else {
            throw SimulatorError("state file \(path) has version \(contents.version); expected \(Self.version)")
        }
        var registry = PlanRegistry(nextPlanId: contents.nextPlanId)
        for plan in contents.plans {
            guard plan.schedule.count == ScheduleFields.names.count else {
                throw SimulatorError("state file \(path): plan \(plan.planId) does not have six schedule fields")
            }
            guard registry.plans[plan.planId] == nil else {
                throw SimulatorError("state file \(path): plan id \(plan.planId) appears twice")
            }
            registry.plans[plan.planId] = plan
        }
        registry.nextPlanId = max(registry.nextPlanId, (registry.plans.keys.max() ?? 0) + 1)
        return registry
    }

    /// Writes `registry` atomically: temporary file, fsync, rename.
    func save(_ registry: PlanRegistry) throws(SimulatorError) {
        let contents = Contents(version: Self.version, nextPlanId: registry.nextPlanId, plans: registry.allPlans)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(contents)
        } catch {
            throw SimulatorError("cannot encode state: \(error)")
        }
        let temporary = "\(path).tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SimulatorError("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        var bytes = [UInt8](data)
        bytes.append(0x0A)
        let written = bytes.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written, synced, rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw SimulatorError("cannot save state file \(path): \(message)")
        }
    }
}
