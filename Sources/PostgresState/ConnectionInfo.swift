import CPostgres
import Foundation

/// A connection string as the store shows it: parsed by libpq (without connecting)
/// into a display URL with the password masked, plus the secrets to mask wherever a
/// message might echo them.
struct ConnectionInfo: Sendable {
    /// What the store hands to libpq.
    let conninfo: String
    /// `postgres://user:****@host:port/db`.
    let displayURL: String
    /// Password spellings to mask in messages (longest first).
    let secrets: [String]

    /// Parses `conninfo` (a `postgres://` or `postgresql://` URL, a `key=value` string,
    /// or empty for all-from-environment).
    init(_ conninfo: String) throws(PostgresFailure) {
        self.conninfo = conninfo
        var secrets = Self.rawPasswords(in: conninfo)
        if let password = ProcessInfo.processInfo.environment["PGPASSWORD"] { secrets.append(password) }

        var errorPointer: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(conninfo, &errorPointer) else {
            var message = errorPointer.map { Connection.text($0) } ?? "invalid connection string"
            if let errorPointer { PQfreemem(errorPointer) }
            // libpq quotes the offending token, which may be (part of) a password.
            if !secrets.isEmpty || conninfo.localizedCaseInsensitiveContains("password") {
                message = Self.maskingQuotedTokens(message)
            }
            throw PostgresFailure(message: Self.redact(message, secrets: Self.ordered(secrets)))
        }
        defer { PQconninfoFree(parsed) }
        var options: [String: String] = [:]
        var option = parsed
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { options[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        if let password = options["password"] { secrets.append(password) }
        self.secrets = Self.ordered(secrets)
        displayURL = Self.displayURL(options, environment: ProcessInfo.processInfo.environment)
    }

    /// `text` with every secret replaced by `****`.
    func redact(_ text: String) -> String {
        Self.redact(text, secrets: secrets)
    }

    private static func redact(_ text: String, secrets: [String]) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "****") }
    }

    private static func ordered(_ secrets: [String]) -> [String] {
        var spellings = Set<String>()
        for secret in secrets where !secret.isEmpty {
            spellings.insert(secret)
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) {
                spellings.insert(encoded)
            }
        }
        return spellings.sorted { $0.count > $1.count || ($0.count == $1.count && $0 < $1) }
    }

    // MARK: - Display

    private static func displayURL(_ options: [String: String], environment: [String: String]) -> String {
        func value(_ keyword: String, _ variable: String) -> String? {
            let text = options[keyword] ?? environment[variable]
            return text?.isEmpty == false ? text : nil
        }
        var url = "postgres://"
        if let user = value("user", "PGUSER") {
            url += user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? user
            if options["password"]?.isEmpty == false { url += ":****" }
            url += "@"
        }
        let hosts = (value("host", "PGHOST") ?? value("hostaddr", "PGHOSTADDR"))?
            .split(separator: ",", omittingEmptySubsequences: false).map(String.init) ?? []
        let ports = value("port", "PGPORT")?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) ?? []
        let count = max(hosts.count, ports.count)
        url += (0..<count).map { index -> String in
            var host = hosts.isEmpty ? "" : hosts[min(index, hosts.count - 1)]
            if host.contains(":") && !host.hasPrefix("/") {
                host = "[\(host)]"
            } else {
                host = host.addingPercentEncoding(withAllowedCharacters: .urlHostAllowed) ?? host
            }
            let port = ports.isEmpty ? "" : ports[min(index, ports.count - 1)]
            return port.isEmpty ? host : "\(host):\(port)"
        }.joined(separator: ",")
        if let database = value("dbname", "PGDATABASE") {
            url += "/" + (database.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? database)
        }
        return url
    }

    // MARK: - Secrets found without libpq

    /// Passwords in `conninfo`, found by a lenient scan, so they are masked even when
    /// libpq cannot parse the string (its messages echo bad tokens).
    static func rawPasswords(in conninfo: String) -> [String] {
        let trimmed = conninfo.trimmingCharacters(in: .whitespaces)
        for scheme in ["postgresql://", "postgres://"] where trimmed.lowercased().hasPrefix(scheme) {
            return uriPasswords(String(trimmed.dropFirst(scheme.count)))
        }
        return keywordPasswords(trimmed)
    }

    private static func uriPasswords(_ rest: String) -> [String] {
        var found: [String] = []
        func add(_ raw: Substring) {
            found.append(String(raw))
            if let decoded = raw.removingPercentEncoding { found.append(decoded) }
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            if let colon = userInfo.firstIndex(of: ":") {
                let password = userInfo[userInfo.index(after: colon)...]
                add(password)
                // libpq ends the user info at the first "@": a raw "@" in a password
                // turns the rest into the host name, which messages echo.
                if password.contains("@") { password.split(separator: "@").forEach(add) }
            }
        }
        if let question = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2, (parts[0].removingPercentEncoding ?? String(parts[0])) == "password" {
                    add(parts[1])
                }
            }
        }
        return found
    }

    private static func keywordPasswords(_ text: String) -> [String] {
        var found: [String] = []
        var index = text.startIndex
        func skipSpaces() {
            while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
        }
        while index < text.endIndex {
            skipSpaces()
            let keywordStart = index
            while index < text.endIndex, text[index] != "=", !text[index].isWhitespace { index = text.index(after: index) }
            let keyword = text[keywordStart..<index]
            skipSpaces()
            guard index < text.endIndex, text[index] == "=" else { break }
            index = text.index(after: index)
            skipSpaces()
            let valueStart = index
            var value = ""
            let quoted = index < text.endIndex && text[index] == "'"
            if quoted { index = text.index(after: index) }
            while index < text.endIndex {
                let character = text[index]
                if quoted ? character == "'" : character.isWhitespace { break }
                if character == "\\", text.index(after: index) < text.endIndex {
                    index = text.index(after: index)
                }
                value.append(text[index])
                index = text.index(after: index)
            }
            let raw = text[valueStart..<index]
            if quoted, index < text.endIndex { index = text.index(after: index) }
            if keyword == "password" {
                found.append(value)
                found.append(String(raw.drop { $0 == "'" }))
            }
        }
        return found
    }

    /// Replaces `"token"` by `"****"` unless the token is a connection keyword.
    private static func maskingQuotedTokens(_ message: String) -> String {
        var keywords = Set<String>()
        if let defaults = PQconndefaults() {
            var option = defaults
            while let keyword = option.pointee.keyword {
                keywords.insert(String(cString: keyword))
                option += 1
            }
            PQconninfoFree(defaults)
        }
        var result = ""
        var inside = false
        var token = ""
        for character in message {
            if character == "\"" {
                if inside { result += keywords.contains(token) ? token : "****" }
                result.append(character)
                inside.toggle()
                token = ""
            } else if inside {
                token.append(character)
            } else {
                result.append(character)
            }
        }
        if inside { result += "****" }
        return result
    }
}
