import CYAML

/// Builds `Node` trees from libyaml events: resolves aliases, applies merge keys, rejects
/// duplicate keys, and enforces the depth and alias-expansion limits.
///
/// Each `compose` starts with the reader on the node's first event and returns with it on
/// the node's last event (the scalar, the alias, or the collection's end).
struct Composer {
    /// An anchored node and the size of its subtree (expansions included).
    private struct Anchored {
        var node: Node
        var size: Int
    }

    private let reader: EventReader
    private let limits: YAMLLimits
    private var anchors: [String: Anchored] = [:]
    /// Open sequences and mappings.
    private var depth = 0
    /// Nodes in the current document so far, alias expansions included.
    private var nodeCount = 0
    /// Nodes that aliases added to the current document.
    private var expanded = 0
    /// The reader's event count before the current document.
    private var eventsBeforeDocument = 0
    /// Children of the open collections, moved into exactly sized arrays as each one closes.
    private let items = ScratchStack<Node>()
    private let pairs = ScratchStack<Pair>()

    init(reader: EventReader, limits: YAMLLimits) {
        self.reader = reader
        self.limits = limits
    }

    /// One root node per document.
    mutating func composeStream() throws(YAMLError) -> [Node] {
        try reader.advance()
        guard reader.type == YAML_STREAM_START_EVENT else { throw unexpectedEvent("the start of a YAML stream") }
        var documents: [Node] = []
        while true {
            try reader.advance()
            switch reader.type {
            case YAML_STREAM_END_EVENT:
                return documents
            case YAML_DOCUMENT_START_EVENT:
                anchors.removeAll(keepingCapacity: true)
                nodeCount = 0
                expanded = 0
                eventsBeforeDocument = reader.eventCount - 1
                try reader.advance()
                documents.append(try compose())
                try reader.advance()
                guard reader.type == YAML_DOCUMENT_END_EVENT else { throw unexpectedEvent("the end of a document") }
            default:
                throw unexpectedEvent("a document")
            }
        }
    }

    /// The node that the current event opens.
    private mutating func compose() throws(YAMLError) -> Node {
        switch reader.type {
        case YAML_SCALAR_EVENT:
            nodeCount += 1
            let node = try scalarNode()
            if let anchor = reader.anchor { anchors[anchor] = Anchored(node: node, size: 1) }
            return node
        case YAML_ALIAS_EVENT:
            return try resolveAlias()
        case YAML_SEQUENCE_START_EVENT:
            return try composeSequence(recordingItemMarks: false).node
        case YAML_MAPPING_START_EVENT:
            return try composeMapping()
        default:
            throw unexpectedEvent("a node")
        }
    }

    private func scalarNode() throws(YAMLError) -> Node {
        Node(content: .scalar(Scalar(value: try reader.scalarText(), style: reader.scalarStyle)), mark: reader.mark, tag: reader.tag)
    }

    private mutating func resolveAlias() throws(YAMLError) -> Node {
        let name = reader.aliasName
        guard let anchored = anchors[name] else {
            throw YAMLError("unknown alias '\(name)'", at: reader.mark)
        }
        nodeCount = saturatingAdd(nodeCount, anchored.size)
        expanded = saturatingAdd(expanded, anchored.size)
        if expanded > limits.maxAliasExpansion {
            let events = reader.eventCount - eventsBeforeDocument
            let (allowed, overflow) = limits.aliasRatio.multipliedReportingOverflow(by: events)
            if !overflow, expanded > allowed {
                throw YAMLError(
                    "too many alias expansions (document expands to more than \(limits.maxAliasExpansion) nodes)",
                    at: reader.mark
                )
            }
        }
        return anchored.node
    }

    /// Counts the collection that the current event opens against the depth limit.
    private mutating func enter() throws(YAMLError) {
        depth += 1
        if depth > limits.maxDepth {
            throw YAMLError("nesting is deeper than \(limits.maxDepth) levels", at: reader.mark)
        }
        nodeCount += 1
    }

    /// A sequence, and when asked the mark of each item's first event.
    private mutating func composeSequence(recordingItemMarks: Bool) throws(YAMLError) -> (node: Node, itemMarks: [Mark]) {
        try enter()
        let mark = reader.mark
        let tag = reader.tag
        let anchor = reader.anchor
        let sizeBefore = nodeCount - 1
        let base = items.count
        var itemMarks: [Mark] = []
        while true {
            try reader.advance()
            if reader.type == YAML_SEQUENCE_END_EVENT { break }
            if recordingItemMarks { itemMarks.append(reader.mark) }
            items.push(try compose())
        }
        depth -= 1
        let node = Node(content: .sequence(items.pop(from: base)), mark: mark, tag: tag)
        if let anchor { anchors[anchor] = Anchored(node: node, size: nodeCount - sizeBefore) }
        return (node, itemMarks)
    }

    private mutating func composeMapping() throws(YAMLError) -> Node {
        try enter()
        let mark = reader.mark
        let tag = reader.tag
        let anchor = reader.anchor
        let sizeBefore = nodeCount - 1
        let base = pairs.count
        var keyIndex = KeyIndex()
        var merge: Merge? = nil
        while true {
            try reader.advance()
            if reader.type == YAML_MAPPING_END_EVENT { break }
            if reader.isMergeKey {
                let keyMark = reader.mark
                if let merge {
                    throw YAMLError("duplicate key '<<' (first at \(merge.keyMark))", at: keyMark)
                }
                nodeCount += 1
                try reader.advance()
                merge = Merge(position: pairs.count - base, keyMark: keyMark, sources: try composeMergeSources())
                continue
            }
            let key: Node
            if reader.type == YAML_SCALAR_EVENT {
                // Scalar keys are composed here so their text is at hand for the duplicate check.
                nodeCount += 1
                let text = try reader.scalarText()
                if let first = keyIndex.insert(text, in: pairs, from: base) {
                    throw YAMLError("duplicate key '\(text)' (first at \(first))", at: reader.mark)
                }
                key = Node(content: .scalar(Scalar(value: text, style: reader.scalarStyle)), mark: reader.mark, tag: reader.tag)
                if let anchor = reader.anchor { anchors[anchor] = Anchored(node: key, size: 1) }
            } else {
                let keyMark = reader.mark
                key = try compose()
                if case .scalar(let scalar) = key.content,
                   let first = keyIndex.insert(scalar.value, in: pairs, from: base) {
                    throw YAMLError("duplicate key '\(scalar.value)' (first at \(first))", at: keyMark)
                }
            }
            try reader.advance()
            pairs.push(Pair(key: key, value: try compose()))
        }
        depth -= 1
        var content = pairs.pop(from: base)
        if let merge { content = merge.applied(to: content) }
        let node = Node(content: .mapping(content), mark: mark, tag: tag)
        if let anchor { anchors[anchor] = Anchored(node: node, size: nodeCount - sizeBefore) }
        return node
    }

    /// The mappings that a merge key's value (the current event) names: one mapping, or a
    /// sequence of mappings.
    private mutating func composeMergeSources() throws(YAMLError) -> [[Pair]] {
        let mark = reader.mark
        if reader.type == YAML_SEQUENCE_START_EVENT {
            let (node, marks) = try composeSequence(recordingItemMarks: true)
            let values = node.sequence ?? []
            var sources: [[Pair]] = []
            sources.reserveCapacity(values.count)
            for (value, itemMark) in zip(values, marks) {
                guard let pairs = value.mapping else {
                    throw Self.badMergeValue("\(value.kindDescription) in the sequence", at: itemMark)
                }
                sources.append(pairs)
            }
            return sources
        }
        let node = try compose()
        guard let pairs = node.mapping else { throw Self.badMergeValue(node.kindDescription, at: mark) }
        return [pairs]
    }

    private static func badMergeValue(_ found: String, at mark: Mark) -> YAMLError {
        YAMLError("merge key '<<' needs a mapping or a sequence of mappings, found \(found)", at: mark)
    }

    /// libyaml only emits well-formed event sequences; this guards against surprises.
    private func unexpectedEvent(_ expected: String) -> YAMLError {
        YAMLError("expected \(expected) in the YAML event stream", at: reader.mark)
    }

    private func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}
