import Foundation

/// The jdc CLI's `~/.jdc/config`: an INI file with a section per profile holding
/// `access_key`, `secret_key`, `region_id`, `endpoint`, `scheme` and `timeout`.
public struct JDCConfigFile: Sendable, Equatable {
    /// Each profile's keys (lower-cased) and values, by profile name.
    public var profiles: [String: [String: String]]

    /// Parses INI text: `[section]` headers, `key = value` or `key: value` lines,
    /// `#` and `;` comment lines. Lines outside any section are ignored.
    public init(parsing text: String) {
        var profiles: [String: [String: String]] = [:]
        var section: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                let name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                section = name
                if profiles[name] == nil { profiles[name] = [:] }
                continue
            }
            guard let section, let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = line[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            profiles[section, default: [:]][key] = value
        }
        self.profiles = profiles
    }
}
