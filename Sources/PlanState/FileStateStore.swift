import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// State in a local JSON file: the embedded default.
///
/// Writes are atomic (temp file in the same directory, fsync, rename, fsync of the
/// directory), keep the previous version as `<name>.backup`, and use mode 0600.
/// The lock is an `flock` on `<name>.lock`, which records who holds it.
public final class FileStateStore: StateStore {
    /// The default state file, in the current directory.
    public static let defaultPath = "jmr-apply.state.json"

    public let path: String
    public var backupPath: String { path + ".backup" }
    public var lockPath: String { path + ".lock" }
    public var displayName: String { path }

    private let lockDescriptor = Mutex<Int32>(-1)
    private let encoder = IncrementalStateEncoder()
    /// The file as this store last read or wrote it, so `save` can skip re-reading it.
    private let lastSeen = Mutex<(identity: FileIdentity, serial: Int)?>(nil)

    public init(path: String = FileStateStore.defaultPath) {
        self.path = path
    }

    deinit {
        try? unlock()
    }

    public func load() throws(StateError) -> State? {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return nil
        } catch {
            throw .io(store: path, detail: "cannot be read: \(error.localizedDescription)")
        }
        let backup = FileManager.default.fileExists(atPath: backupPath) ? backupPath : nil
        let identity = FileIdentity(path: path)
        let state = try StateCoding.decode(data, store: path, backup: backup)
        lastSeen.withLock { $0 = identity.map { ($0, state.serial) } }
        return state
    }

    /// The serial stored now: known without reading when the file is as this store left it.
    private func storedSerial() throws(StateError) -> Int? {
        guard let identity = FileIdentity(path: path) else { return nil }
        if let seen = lastSeen.withLock({ $0 }), seen.identity == identity { return seen.serial }
        return try load()?.serial
    }

    public func save(_ state: State) throws(StateError) -> State {
        // Compare-and-swap on the serial, as the protocol requires: never overwrite a
        // state written since this one was loaded.
        let found = try storedSerial()
        guard found == state.serial || (found == nil && state.serial == 0) else {
            throw .conflict(store: path, expectedSerial: state.serial, foundSerial: found)
        }
        var next = state
        next.serial += 1
        let data: Data
        do {
            data = try encoder.encode(next)
        } catch {
            throw .io(store: path, detail: "cannot be encoded: \(error)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temp = (directory.isEmpty ? "" : directory + "/") + ".\(name).tmp-\(getpid())"
        try writeDurably(data, to: temp)
        try keepBackup()
        guard rename(temp, path) == 0 else {
            let detail = errnoDescription()
            unlink(temp)
            throw .io(store: path, detail: "cannot replace the state file: \(detail)")
        }
        syncDirectory(directory.isEmpty ? "." : directory)
        lastSeen.withLock { $0 = FileIdentity(path: path).map { ($0, next.serial) } }
        return next
    }

    public func lock(timeout: Duration, holder: LockHolder, waiting: (LockHolder?) -> Void) throws(StateError) {
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(store: path, detail: "cannot open lock file \(lockPath): \(errnoDescription())") }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var lastReported: LockHolder?
        var reported = false
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let detail = errnoDescription()
                close(fd)
                throw .io(store: path, detail: "cannot lock \(lockPath): \(detail)")
            }
            let current = readHolder(fd)
            if !reported || current != lastReported {
                waiting(current)
                reported = true
                lastReported = current
            }
            if clock.now >= deadline {
                close(fd)
                throw .lockTimeout(store: path, waited: timeout, holder: current)
            }
            usleep(50_000)
        }
        writeHolder(holder, to: fd)
        lockDescriptor.withLock { $0 = fd }
    }

    public func unlock() throws(StateError) {
        let fd = lockDescriptor.withLock { fd in
            defer { fd = -1 }
            return fd
        }
        guard fd >= 0 else { return }
        ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }

    // MARK: - File primitives

    private func writeDurably(_ data: Data, to temp: String) throws(StateError) {
        unlink(temp)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(store: path, detail: "cannot create \(temp): \(errnoDescription())") }
        let ok = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return fsync(fd) == 0
        }
        let detail = ok ? "" : errnoDescription()
        close(fd)
        guard ok else {
            unlink(temp)
            throw .io(store: path, detail: "cannot write \(temp): \(detail)")
        }
    }

    /// Makes `<name>.backup` the current version (a hard link, replaced atomically).
    private func keepBackup() throws(StateError) {
        guard access(path, F_OK) == 0 else { return }
        let temp = backupPath + ".tmp-\(getpid())"
        unlink(temp)
        if link(path, temp) != 0 {
            // No hard links here: fall back to a copy.
            guard let data = FileManager.default.contents(atPath: path) else { return }
            try writeDurably(data, to: temp)
        }
        // The previous file may have been written by hand with a wider mode.
        chmod(temp, 0o600)
        guard rename(temp, backupPath) == 0 else {
            unlink(temp)
            throw .io(store: path, detail: "cannot keep the backup \(backupPath): \(errnoDescription())")
        }
    }

    private func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    private func readHolder(_ fd: Int32) -> LockHolder? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(LockHolder.self, from: Data(buffer[0..<n]))
    }

    private func writeHolder(_ holder: LockHolder, to fd: Int32) {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(holder) else { return }
        ftruncate(fd, 0)
        _ = data.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        fsync(fd)
    }

    private func errnoDescription() -> String {
        String(cString: strerror(errno))
    }
}

/// What identifies one version of a file without reading it.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: timespec

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = info.st_mtim
    }

    static func == (lhs: FileIdentity, rhs: FileIdentity) -> Bool {
        lhs.device == rhs.device && lhs.inode == rhs.inode && lhs.size == rhs.size
            && lhs.modified.tv_sec == rhs.modified.tv_sec && lhs.modified.tv_nsec == rhs.modified.tv_nsec
    }
}
