/// The JMR scheduling-plan calls the simulator answers.
enum APIAction: String, Sendable, CaseIterable {
    case create = "cronJob:create"
    case list = "cronJob:list"
    case detail = "cronJob:detail"
    case modify = "cronJob:modify"
    case delete = "cronJob:delete"
    case pause = "cronJob:pause"
    case resume = "cronJob:resume"
    case validatePlanName = "planName:valid"

    /// Whether the call can change state.
    var isMutating: Bool {
        switch self {
        case .create, .modify, .delete, .pause, .resume: true
        case .list, .detail, .validatePlanName: false
        }
    }
}

/// A request path resolved to a call: `/v1/regions/{regionId}/cronJob:create`,
/// `/v1/regions/{regionId}/cronJob/{planId}:delete`, ...
struct APIRoute: Equatable {
    var region: String
    var action: APIAction
    /// The `{planId}` path parameter of detail, delete, pause and resume.
    var planId: Int?

    enum Match: Equatable {
        case route(APIRoute)
        case notFound
        case invalidPlanId(String)
    }

    /// Resolves a (still percent-encoded) path such as `/v1/regions/cn-north-1/cronJob%3Acreate`.
    static func match(rawPath: Substring) -> Match {
        guard let path = percentDecoded(rawPath) else { return .notFound }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count >= 5, segments[0].isEmpty, segments[1] == "v1", segments[2] == "regions",
            isValidRegion(segments[3])
        else { return .notFound }
        let region = String(segments[3])
        switch segments.count {
        case 5:
            switch segments[4] {
            case "cronJob:create": return .route(APIRoute(region: region, action: .create))
            case "cronJob:list": return .route(APIRoute(region: region, action: .list))
            case "cronJob:modify": return .route(APIRoute(region: region, action: .modify))
            case "planName:valid": return .route(APIRoute(region: region, action: .validatePlanName))
            default: return .notFound
            }
        case 6:
            guard segments[4] == "cronJob", let colon = segments[5].lastIndex(of: ":") else { return .notFound }
            let idText = segments[5][..<colon]
            let action: APIAction
            switch segments[5][segments[5].index(after: colon)...] {
            case "detail": action = .detail
            case "delete": action = .delete
            case "pause": action = .pause
            case "resume": action = .resume
            default: return .notFound
            }
            guard idText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let planId = Int(idText), planId > 0 else {
                return .invalidPlanId(String(idText))
            }
            return .route(APIRoute(region: region, action: action, planId: planId))
        default:
            return .notFound
        }
    }

    private static func isValidRegion(_ segment: Substring) -> Bool {
        !segment.isEmpty && segment.utf8.count <= 64 && segment.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
                || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
        }
    }

    /// Decodes `%XX` escapes; nil when an escape is malformed or the result is not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
