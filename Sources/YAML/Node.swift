/// A composed YAML node. Aliases are resolved (shared, not re-parsed) and merge keys
/// (`<<`) are applied, so consumers see plain scalars, sequences and mappings.
public struct Node: Sendable {
    /// What the node holds.
    public enum Content: Sendable {
        case scalar(Scalar)
        case sequence([Node])
        case mapping([Pair])
    }

    public var content: Content
    /// Where the node starts: the position of its opening event.
    public var mark: Mark
    /// The explicit tag, if the source had one (e.g. `tag:yaml.org,2002:str`).
    public var tag: String?

    public init(content: Content, mark: Mark, tag: String? = nil) {
        self.content = content
        self.mark = mark
        self.tag = tag
    }
}

/// A scalar's text and how it was written.
public struct Scalar: Sendable, Hashable {
    public var value: String
    public var style: ScalarStyle

    public init(value: String, style: ScalarStyle) {
        self.value = value
        self.style = style
    }
}

/// How a scalar was written in the source.
public enum ScalarStyle: Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// One key/value entry of a mapping.
public struct Pair: Sendable {
    public var key: Node
    public var value: Node

    public init(key: Node, value: Node) {
        self.key = key
        self.value = value
    }
}

extension Node {
    /// The scalar, if this node is one.
    public var scalar: Scalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    /// The items, if this node is a sequence.
    public var sequence: [Node]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The pairs, if this node is a mapping.
    public var mapping: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// True for a plain `~`, `null`, `Null`, `NULL` or empty scalar with no explicit tag.
    public var isNull: Bool {
        guard tag == nil, case .scalar(let s) = content, s.style == .plain, s.value.utf8.count <= 4 else { return false }
        switch s.value {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// "a scalar", "a sequence", "a mapping" or "null": for error messages.
    public var kindDescription: String {
        if isNull { return "null" }
        switch content {
        case .scalar: return "a scalar"
        case .sequence: return "a sequence"
        case .mapping: return "a mapping"
        }
    }
}
