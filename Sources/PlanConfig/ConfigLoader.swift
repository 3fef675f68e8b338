import Foundation
import YAML

/// The outcome of loading plans files: the configuration when there were no errors,
/// every diagnostic found (sorted), and the sources read, for printing snippets.
public struct LoadResult: Sendable {
    public var configuration: Configuration?
    public var diagnostics: [Diagnostic]
    /// File contents by path as given, so a printer can show the offending line.
    public var sources: [String: [UInt8]]

    /// True when any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Loads plans files and directories into a `Configuration`.
public struct ConfigLoader: Sendable {
    /// The largest file the loader reads.
    public static let maxFileBytes = 64 << 20

    private let environment: [String: String]

    /// - Parameter environment: variables for `${VAR}` interpolation.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Loads every file given, expanding directories to their `*.yaml` and `*.yml`
    /// files in sorted order. Reports all problems at once.
    public func load(paths: [String]) -> LoadResult {
        var result = LoadResult(configuration: nil, diagnostics: [], sources: [:])
        let files = expand(paths, into: &result.diagnostics)
        var region: Located<String>?
        var plans: [Plan] = []
        var firstDeclaration: [String: SourceLocation] = [:]

        for file in files {
            guard let bytes = read(file, into: &result.diagnostics) else { continue }
            result.sources[file] = bytes
            var documents: [Node]
            do {
                documents = try YAMLParser.parse(bytes)
            } catch {
                result.diagnostics.append(Diagnostic(.error, error.message, at: SourceLocation(file: file, line: error.mark.line, column: error.mark.column)))
                continue
            }
            let decoder = FileDecoder(path: file, environment: environment, source: bytes)
            if documents.isEmpty {
                decoder.error("the file is empty; expected a mapping with version, region and plans", at: SourceLocation(file: file, line: 1, column: 1))
            }
            for index in documents.indices {
                // The decoder gets the only reference to the document, to free it as it goes.
                let document = documents[index]
                documents[index].content = .sequence([])
                var content = decoder.decodeDocument(consume document)
                if let declared = content.region {
                    if let first = region, first.value != declared.value {
                        decoder.error("region '\(declared.value)' differs from '\(first.value)' declared at \(first.location); all files must declare one region", at: declared.location)
                    } else if region == nil {
                        region = declared
                    }
                }
                // Names of plans with errors count too, so a duplicate is never hidden.
                firstDeclaration.reserveCapacity(firstDeclaration.count + content.nameCount)
                var duplicates = false
                content.forEachName { name, location in
                    if let first = firstDeclaration[name] {
                        decoder.error("plan '\(name)' is declared twice (first at \(first))", at: location)
                        duplicates = true
                    } else {
                        firstDeclaration[name] = location
                    }
                }
                // Plans move into the result rather than being copied: plans are large.
                let decoded = content.plans
                content.plans = []
                if duplicates {
                    plans += decoded.filter { firstDeclaration[$0.name] == $0.location }
                } else if plans.isEmpty {
                    plans = decoded
                } else {
                    plans += decoded
                }
            }
            result.diagnostics += decoder.diagnostics
        }
        result.diagnostics.sort()
        if !result.hasErrors, let region {
            result.configuration = Configuration(region: region.value, plans: consume plans)
        }
        return result
    }

    /// Files named directly, plus the `*.yaml`/`*.yml` files inside named directories.
    private func expand(_ paths: [String], into diagnostics: inout [Diagnostic]) -> [String] {
        var files: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(Diagnostic(.error, "\(path): no such file or directory"))
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let names = ((try? fm.contentsOfDirectory(atPath: path)) ?? [])
                .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }
                .sorted()
            if names.isEmpty {
                diagnostics.append(Diagnostic(.error, "\(path): the directory has no .yaml or .yml files"))
            }
            let prefix = path.hasSuffix("/") ? path : path + "/"
            files += names.map { prefix + $0 }
        }
        return files
    }

    /// The file's bytes, refusing anything over the size limit before reading it.
    private func read(_ path: String, into diagnostics: inout [Diagnostic]) -> [UInt8]? {
        let start = SourceLocation(file: path, line: 1, column: 1)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            diagnostics.append(Diagnostic(.error, "\(path): cannot be read (check that it exists and is readable)"))
            return nil
        }
        defer { try? handle.close() }
        do {
            let size = try handle.seekToEnd()
            if size > UInt64(Self.maxFileBytes) {
                diagnostics.append(Diagnostic(.error, "the file is \(size) bytes; the limit is 64 MiB", at: start))
                return nil
            }
            try handle.seek(toOffset: 0)
            return [UInt8](try handle.readToEnd() ?? Data())
        } catch {
            diagnostics.append(Diagnostic(.error, "\(path): cannot be read: \(error.localizedDescription)"))
            return nil
        }
    }
}
