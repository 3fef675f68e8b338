/// Reads typed members of a JSON object, naming the full field path in errors
/// ("jmrPlanViewModel.jobIds must be a string"). JSON `null` counts as absent.
struct FieldReader {
    let members: [String: JSONValue]
    /// The dotted path of this object, "" for the body itself.
    let path: String

    init(members: [String: JSONValue], path: String = "") {
        self.members = members
        self.path = path
    }

    /// Reads a request body: an empty body is an empty object when `allowEmpty`, otherwise an error.
    static func body(_ bytes: [UInt8], allowEmpty: Bool) throws(APIError) -> FieldReader {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            guard allowEmpty else { throw .invalidArgument("request body is required (a JSON object)") }
            return FieldReader(members: [:])
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw .invalidArgument("malformed JSON body: \(error)")
        }
        guard case .object(let members) = value else {
            throw .invalidArgument("request body must be a JSON object, not \(value.typeDescription)")
        }
        return FieldReader(members: members)
    }

    func name(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    private func present(_ key: String) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    func string(_ key: String) throws(APIError) -> String? {
        guard let value = present(key) else { return nil }
        guard case .string(let text) = value else { throw .invalidArgument("\(name(key)) must be a string") }
        return text
    }

    func requiredString(_ key: String) throws(APIError) -> String {
        guard let text = try string(key) else { throw .invalidArgument("\(name(key)) is required") }
        return text
    }

    func bool(_ key: String) throws(APIError) -> Bool? {
        guard let value = present(key) else { return nil }
        guard case .bool(let flag) = value else { throw .invalidArgument("\(name(key)) must be a boolean") }
        return flag
    }

    /// An integral number (a JSON number with no fractional part).
    func integer(_ key: String) throws(APIError) -> Int? {
        guard let value = present(key) else { return nil }
        switch value {
        case .integer(let number):
            return number
        case .double(let number) where number == number.rounded() && abs(number) < 9e15:
            return Int(number)
        case .double:
            throw .invalidArgument("\(name(key)) must be an integer")
        default:
            throw .invalidArgument("\(name(key)) must be a number")
        }
    }

    func object(_ key: String) throws(APIError) -> FieldReader? {
        guard let value = present(key) else { return nil }
        guard case .object(let members) = value else { throw .invalidArgument("\(name(key)) must be an object") }
        return FieldReader(members: members, path: name(key))
    }

    func requiredObject(_ key: String) throws(APIError) -> FieldReader {
        guard let reader = try object(key) else { throw .invalidArgument("\(name(key)) is required") }
        return reader
    }
}
