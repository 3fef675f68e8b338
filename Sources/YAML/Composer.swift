/// Builds `Node` trees from events: resolves aliases, applies merge keys, rejects duplicate
/// keys, and enforces the depth and alias-expansion limits.
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

    init(reader: EventReader, limits: YAMLLimits) {
        self.reader = reader
        self.limits = limits
    }

    /// One root node per document.
    mutating func composeStream() throws(YAMLError) -> [Node] {
        let start = try reader.next()
        guard start.kind == .streamStart else { throw YAMLError("expected the start of a YAML stream", at: start.mark) }
        var documents: [Node] = []
        while true {
            let event = try reader.next()
            switch event.kind {
            case .streamEnd:
                return documents
            case .documentStart:
                anchors.removeAll(keepingCapacity: true)
                nodeCount = 0
                expanded = 0
                eventsBeforeDocument = reader.eventCount - 1
                documents.append(try compose(try reader.next()))
                let end = try reader.next()
                guard end.kind == .documentEnd else { throw YAMLError("expected the end of a document", at: end.mark) }
            default:
                throw YAMLError("expected a document", at: event.mark)
            }
        }
    }

    /// The node that `event` opens, reading the rest of its events.
    private mutating func compose(_ event: Event) throws(YAMLError) -> Node {
        switch event.kind {
        case .scalar:
            nodeCount += 1
            let node = Node(content: .scalar(Scalar(value: event.value, style: event.style)), mark: event.mark, tag: event.tag)
            if let anchor = event.anchor { anchors[anchor] = Anchored(node: node, size: 1) }
            return node
        case .alias:
            return try resolveAlias(event)
        case .sequenceStart:
            return try composeSequence(event)
        case .mappingStart:
            return try composeMapping(event)
        default:
            throw YAMLError("expected a node", at: event.mark)
        }
    }

    private mutating func resolveAlias(_ event: Event) throws(YAMLError) -> Node {
        guard let anchored = anchors[event.value] else {
            throw YAMLError("unknown alias '\(event.value)'", at: event.mark)
        }
        nodeCount = saturatingAdd(nodeCount, anchored.size)
        expanded = saturatingAdd(expanded, anchored.size)
        if expanded > limits.maxAliasExpansion {
            let events = reader.eventCount - eventsBeforeDocument
            let (allowed, overflow) = limits.aliasRatio.multipliedReportingOverflow(by: events)
            if !overflow, expanded > allowed {
                throw YAMLError(
                    "too many alias expansions (document expands to more than \(limits.maxAliasExpansion) nodes)",
                    at: event.mark
                )
            }
        }
        return anchored.node
    }

    /// Counts an opening collection event against the depth limit.
    private mutating func enter(_ event: Event) throws(YAMLError) {
        depth += 1
        if depth > limits.maxDepth {
            throw YAMLError("nesting is deeper than \(limits.maxDepth) levels", at: event.mark)
        }
        nodeCount += 1
    }

    private mutating func composeSequence(_ start: Event) throws(YAMLError) -> Node {
        var marks: [Mark]? = nil
        return try composeSequence(start, itemMarks: &marks)
    }

    /// A sequence; when `itemMarks` is non-nil it also receives each item's event mark.
    private mutating func composeSequence(_ start: Event, itemMarks: inout [Mark]?) throws(YAMLError) -> Node {
        try enter(start)
        let sizeBefore = nodeCount - 1
        var items: [Node] = []
        while true {
            let event = try reader.next()
            if event.kind == .sequenceEnd { break }
            itemMarks?.append(event.mark)
            items.append(try compose(event))
        }
        depth -= 1
        let node = Node(content: .sequence(items), mark: start.mark, tag: start.tag)
        if let anchor = start.anchor { anchors[anchor] = Anchored(node: node, size: nodeCount - sizeBefore) }
        return node
    }

    private mutating func composeMapping(_ start: Event) throws(YAMLError) -> Node {
        try enter(start)
        let sizeBefore = nodeCount - 1
        var pairs: [Pair] = []
        var keyIndex = KeyIndex()
        var merge: Merge? = nil
        while true {
            let keyEvent = try reader.next()
            if keyEvent.kind == .mappingEnd { break }
            if Self.isMergeKey(keyEvent) {
                if let merge {
                    throw YAMLError("duplicate key '<<' (first at \(merge.keyMark))", at: keyEvent.mark)
                }
                nodeCount += 1
                merge = Merge(position: pairs.count, keyMark: keyEvent.mark, sources: try composeMergeSources(try reader.next()))
                continue
            }
            let key = try compose(keyEvent)
            if case .scalar(let scalar) = key.content,
               let first = keyIndex.insert(scalar.value, at: pairs.count, in: pairs) {
                throw YAMLError("duplicate key '\(scalar.value)' (first at \(pairs[first].key.mark))", at: keyEvent.mark)
            }
            let value = try compose(try reader.next())
            pairs.append(Pair(key: key, value: value))
        }
        depth -= 1
        if let merge { pairs = merge.applied(to: pairs) }
        let node = Node(content: .mapping(pairs), mark: start.mark, tag: start.tag)
        if let anchor = start.anchor { anchors[anchor] = Anchored(node: node, size: nodeCount - sizeBefore) }
        return node
    }

    /// A plain untagged `<<`, or any scalar tagged `tag:yaml.org,2002:merge`.
    private static func isMergeKey(_ event: Event) -> Bool {
        guard event.kind == .scalar else { return false }
        if let tag = event.tag { return tag == "tag:yaml.org,2002:merge" }
        return event.style == .plain && event.value == "<<"
    }

    /// The mappings a merge key's value names: one mapping, or a sequence of mappings.
    private mutating func composeMergeSources(_ event: Event) throws(YAMLError) -> [[Pair]] {
        if event.kind == .sequenceStart {
            var marks: [Mark]? = []
            let node = try composeSequence(event, itemMarks: &marks)
            let items = node.sequence ?? []
            var sources: [[Pair]] = []
            sources.reserveCapacity(items.count)
            for (item, mark) in zip(items, marks ?? []) {
                guard let pairs = item.mapping else {
                    throw Self.badMergeValue("\(item.kindDescription) in the sequence", at: mark)
                }
                sources.append(pairs)
            }
            return sources
        }
        let node = try compose(event)
        guard let pairs = node.mapping else { throw Self.badMergeValue(node.kindDescription, at: event.mark) }
        return [pairs]
    }

    private static func badMergeValue(_ found: String, at mark: Mark) -> YAMLError {
        YAMLError("merge key '<<' needs a mapping or a sequence of mappings, found \(found)", at: mark)
    }

    private func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}
