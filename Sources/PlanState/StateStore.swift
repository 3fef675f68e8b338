import Foundation

/// Where state lives: a local file (the default) or a shared database.
///
/// A run loads, locks, saves after every change, then unlocks. Stores are used from
/// one task at a time; the applier serialises saves.
public protocol StateStore: AnyObject, Sendable {
    /// How to name the store in messages (a path, or a URL with the password masked).
    var displayName: String { get }

    /// The stored state, or nil when none has been written yet.
    func load() throws(StateError) -> State?

    /// Takes the exclusive lock, waiting up to `timeout`. `waiting` is called with the
    /// current holder (when known) while the lock is held elsewhere.
    func lock(timeout: Duration, holder: LockHolder, waiting: (LockHolder?) -> Void) throws(StateError)

    /// Writes `state` with its serial incremented and returns what was written.
    /// Fails with `.conflict` when the stored serial is not `state.serial`.
    func save(_ state: State) throws(StateError) -> State

    /// Releases the lock taken by `lock`.
    func unlock() throws(StateError)
}

/// Who holds (or wants) the state lock.
public struct LockHolder: Codable, Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var pid: Int32
    public var user: String
    public var since: Date
    public var command: String

    public init(host: String, pid: Int32, user: String, since: Date, command: String) {
        self.host = host
        self.pid = pid
        self.user = user
        self.since = since
        self.command = command
    }

    /// This process, running `command`.
    public static func current(command: String) -> LockHolder {
        let env = ProcessInfo.processInfo.environment
        return LockHolder(
            host: ProcessInfo.processInfo.hostName, pid: ProcessInfo.processInfo.processIdentifier,
            user: env["USER"] ?? env["LOGNAME"] ?? String(getuid()), since: Date(), command: command
        )
    }

    public var description: String {
        "\(user)@\(host) pid \(pid) since \(since.formatted(.iso8601)) running '\(command)'"
    }
}
