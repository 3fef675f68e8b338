import Foundation

/// The one JSON form of state: sorted keys and indentation, so diffs review well in a PR.
public enum StateCoding {
    public static func encode(_ state: State) throws -> Data {
        var data = try makeEncoder().encode(state)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// The encoder behind the state format.
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// Decodes state, checking the format version before anything else.
    public static func decode(_ data: Data, store: String, backup: String?) throws(StateError) -> State {
        // State as this encoder writes it decodes without JSONDecoder (much faster on
        // Linux); anything else, errors included, takes the JSONDecoder path below.
        if let state = StateFastDecoder.decode(data) { return state }
        struct Header: Decodable { var formatVersion: Int? }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let header: Header
        do {
            header = try decoder.decode(Header.self, from: data)
        } catch {
            throw .corrupt(store: store, detail: describe(error), backup: backup)
        }
        guard let version = header.formatVersion else {
            throw .corrupt(store: store, detail: "no formatVersion", backup: backup)
        }
        guard version == State.currentFormatVersion else {
            throw .unknownFormatVersion(store: store, found: version)
        }
        do {
            return try decoder.decode(State.self, from: data)
        } catch {
            throw .corrupt(store: store, detail: describe(error), backup: backup)
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
            DecodingError.valueNotFound(_, let context), DecodingError.keyNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return String(describing: error)
        }
    }
}
