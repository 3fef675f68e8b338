#if canImport(Glibc)
import Glibc
#endif

/// `--target` and `--exclude` shell globs over plan names.
public struct PlanFilter: Sendable, Equatable {
    /// When non-empty, only names matching one of these are selected.
    public var targets: [String]
    /// Names matching any of these are never selected.
    public var excludes: [String]

    public init(targets: [String] = [], excludes: [String] = []) {
        self.targets = targets
        self.excludes = excludes
    }

    /// True when nothing is narrowed.
    public var isEmpty: Bool { targets.isEmpty && excludes.isEmpty }

    public func selects(_ name: String) -> Bool {
        if !targets.isEmpty, !targets.contains(where: { Self.matches($0, name) }) { return false }
        return !excludes.contains { Self.matches($0, name) }
    }

    private static func matches(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }
}
