/// Finds repeated scalar keys in a mapping being built: a linear scan while the mapping is
/// small, then an open-addressing table of (hash, position) that touches a key's text only
/// when the hashes match.
struct KeyIndex {
    private static let linearLimit = 12
    /// Each slot holds a key's 32-bit hash in the high half and its position + 1 in the low
    /// half; 0 marks an empty slot. Empty until the mapping outgrows the linear scan.
    private var slots: [UInt64] = []
    private var used = 0

    /// Records `key` as the key of the pair that will be pushed at `pairs.count`, where the
    /// mapping's pairs start at `base`. Returns the key mark of an earlier pair with the same
    /// key instead, if there is one.
    mutating func insert(_ key: String, in pairs: ScratchStack<Pair>, from base: Int) -> Mark? {
        if slots.isEmpty {
            if pairs.count - base < Self.linearLimit {
                for index in base..<pairs.count where Self.pair(pairs[index], hasKey: key) {
                    return pairs[index].key.mark
                }
                return nil
            }
            slots = Array(repeating: 0, count: 64)
            for index in base..<pairs.count {
                if let text = Self.text(of: pairs[index]) { place(Self.hash(text), position: index - base) }
            }
        }
        let hash = Self.hash(key)
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while slots[slot] != 0 {
            let entry = slots[slot]
            if UInt32(truncatingIfNeeded: entry >> 32) == hash {
                let index = base + Int(UInt32(truncatingIfNeeded: entry)) - 1
                if Self.pair(pairs[index], hasKey: key) { return pairs[index].key.mark }
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = UInt64(hash) << 32 | UInt64(pairs.count - base + 1)
        used += 1
        if used * 2 > slots.count { grow() }
        return nil
    }

    private mutating func place(_ hash: UInt32, position: Int) {
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = UInt64(hash) << 32 | UInt64(position + 1)
        used += 1
    }

    /// Doubles the table, reusing the stored hashes.
    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        used = 0
        for entry in old where entry != 0 {
            place(UInt32(truncatingIfNeeded: entry >> 32), position: Int(UInt32(truncatingIfNeeded: entry)) - 1)
        }
    }

    private static func hash(_ key: String) -> UInt32 {
        UInt32(truncatingIfNeeded: key.hashValue)
    }

    private static func pair(_ pair: borrowing Pair, hasKey key: String) -> Bool {
        if case .scalar(let scalar) = pair.key.content { return scalar.value == key }
        return false
    }

    private static func text(of pair: borrowing Pair) -> String? {
        if case .scalar(let scalar) = pair.key.content { return scalar.value }
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
