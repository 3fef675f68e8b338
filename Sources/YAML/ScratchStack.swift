/// A growable stack of values that hands out its top part as an exactly sized array by
/// moving, not copying, the elements. Collections being composed share one stack each for
/// items and pairs, so building a collection costs one allocation of the final size.
final class ScratchStack<Element> {
    private var storage: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// Elements on the stack.
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func push(_ element: consuming Element) {
        if count == capacity {
            let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: storage, count: count)
            storage.deallocate()
            storage = grown
            capacity *= 2
        }
        (storage + count).initialize(to: element)
        count += 1
    }

    /// The element at `index`, read in place.
    subscript(index: Int) -> Element {
        unsafeAddress { UnsafePointer(storage + index) }
    }

    /// Removes the elements from `start` to the top and returns them in order.
    func pop(from start: Int) -> [Element] {
        let moved = count - start
        guard moved > 0 else { return [] }
        count = start
        // Appending moved elements stays specialized; Array(unsafeUninitializedCapacity:)
        // would look up the array's generic metadata on every call.
        var result: [Element] = []
        result.reserveCapacity(moved)
        for index in start..<start + moved {
            result.append((storage + index).move())
        }
        return result
    }
}
