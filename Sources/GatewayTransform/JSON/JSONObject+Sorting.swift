extension JSONObject {
    /// Sorts `members` by key in byte order and, of a key that occurs more than once, keeps only the member that
    /// came last, as nlohmann's parser does when it assigns each member to its `std::map` in turn. The kept
    /// members end up at the front; the others are deinitialized. Returns how many were kept.
    static func sortKeepingLastDuplicate(_ members: UnsafeMutableBufferPointer<Member>) -> Int {
        guard members.count > 1 else {
            return members.count
        }
        var sorted = true
        for index in 1..<members.count where !precedes(members[index - 1].key, members[index].key) {
            sorted = false
            break
        }
        if sorted {
            return members.count
        }
        // The standard library's sort is stable: a repeated key stays after its earlier occurrences.
        var sorting = members
        sorting.sort { precedes($0.key, $1.key) }
        // Of each run of equal keys keep the last.
        var kept = 0
        for index in members.indices {
            if index + 1 < members.count, members[index].key == members[index + 1].key {
                _ = members.moveElement(from: index)
                continue
            }
            if kept != index {
                members.moveInitializeElement(at: kept, from: index)
            }
            kept += 1
        }
        return kept
    }

    /// Whether `left` sorts before `right`, byte by byte (`std::string`'s order).
    static func precedes(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        left.withUnsafeBufferPointer { left in
            right.withUnsafeBufferPointer { right in
                let common = Swift.min(left.count, right.count)
                for index in 0..<common where left[index] != right[index] {
                    return left[index] < right[index]
                }
                return left.count < right.count
            }
        }
    }
}

extension UnsafeMutableBufferPointer {
    /// Moves the element at `source` to the uninitialized slot `destination`.
    fileprivate func moveInitializeElement(at destination: Int, from source: Int) {
        initializeElement(at: destination, to: moveElement(from: source))
    }
}
