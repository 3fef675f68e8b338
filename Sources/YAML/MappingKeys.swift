/// Finds repeated scalar keys in a mapping being built: a linear scan while the mapping is
/// small, a dictionary once it grows.
struct KeyIndex {
    private static let linearLimit = 12
    private var table: [String: Int]? = nil

    /// Records `key` as the key of `pairs[position]`; returns the index of an earlier pair
    /// with the same key instead, if there is one.
    mutating func insert(_ key: String, at position: Int, in pairs: [Pair]) -> Int? {
        if table == nil {
            if pairs.count < Self.linearLimit {
                for index in pairs.indices {
                    if case .scalar(let scalar) = pairs[index].key.content, scalar.value == key { return index }
                }
                return nil
            }
            var built: [String: Int] = [:]
            built.reserveCapacity(pairs.count * 2)
            for index in pairs.indices {
                if case .scalar(let scalar) = pairs[index].key.content { built[scalar.value] = index }
            }
            table = built
        }
        if let existing = table?[key] { return existing }
        table?[key] = position
        return nil
    }
}

/// A merge key (`<<`) in a mapping: where it stood and the mappings it merges.
struct Merge {
    /// Index in the mapping's own pairs where the merged pairs go.
    var position: Int
    var keyMark: Mark
    /// Earlier sources win over later ones.
    var sources: [[Pair]]

    /// `own` with the merged pairs inserted at `position`: own keys win over merged keys,
    /// and earlier sources over later ones.
    func applied(to own: [Pair]) -> [Pair] {
        var taken = Set<String>()
        for pair in own {
            if case .scalar(let scalar) = pair.key.content { taken.insert(scalar.value) }
        }
        var result: [Pair] = []
        result.reserveCapacity(own.count + sources.reduce(0) { $0 + $1.count })
        result.append(contentsOf: own[..<position])
        for source in sources {
            for pair in source {
                if case .scalar(let scalar) = pair.key.content, !taken.insert(scalar.value).inserted { continue }
                result.append(pair)
            }
        }
        result.append(contentsOf: own[position...])
        return result
    }
}
