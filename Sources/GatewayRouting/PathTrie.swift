/// A byte trie over route paths whose nodes hold, ready-merged, every route that a path reaching the node may
/// take: the routes whose prefix ends at the node or above it, and at the end of the path the routes with that
/// exact path. Lists are in route order and end at the first route that needs nothing more than the path, since
/// no later route can win after it.
struct PathTrie: Sendable {
    private struct Node: Sendable {
        /// Children by byte, sorted.
        var keys: [UInt8] = []
        var children: [Int32] = []
        /// Routes whose prefix ends here.
        var prefixRoutes: [Candidate] = []
        /// Routes whose exact path ends here.
        var exactRoutes: [Candidate] = []
        /// The routes any path reaching this node may take (filled by `finish`).
        var reachable: [Candidate] = []
        /// `reachable` and the exact routes, for a path that ends here (filled by `finish`).
        var ending: [Candidate] = []

        func child(_ byte: UInt8) -> Int32? {
            // Few children per node: a linear scan beats a binary search.
            for (index, key) in keys.enumerated() where key == byte { return children[index] }
            return nil
        }
    }

    private var nodes = [Node()]
    /// Whether keys and paths compare in ASCII lower case.
    let foldsCase: Bool

    init(foldsCase: Bool) {
        self.foldsCase = foldsCase
    }

    var isEmpty: Bool { nodes.count == 1 && nodes[0].prefixRoutes.isEmpty && nodes[0].exactRoutes.isEmpty }

    mutating func insert(prefix: [UInt8], _ candidate: Candidate) {
        let node = self.node(for: prefix)
        nodes[node].prefixRoutes.append(candidate)
    }

    mutating func insert(exact path: [UInt8], _ candidate: Candidate) {
        let node = self.node(for: path)
        nodes[node].exactRoutes.append(candidate)
    }

    private mutating func node(for key: [UInt8]) -> Int {
        var node = 0
        for byte in key {
            let byte = foldsCase ? ASCII.lowercased(byte) : byte
            if let child = nodes[node].child(byte) {
                node = Int(child)
                continue
            }
            let child = Int32(nodes.count)
            nodes.append(Node())
            let position = nodes[node].keys.firstIndex { $0 > byte } ?? nodes[node].keys.count
            nodes[node].keys.insert(byte, at: position)
            nodes[node].children.insert(child, at: position)
            node = Int(child)
        }
        return node
    }

    /// Merges each node's routes with its ancestors'; call once, after the last insert.
    mutating func finish() {
        var parents = [Int](repeating: 0, count: nodes.count)
        for (node, value) in nodes.enumerated() {
            for child in value.children { parents[Int(child)] = node }
        }
        // Parents come before their children in `nodes`.
        for node in nodes.indices {
            let inherited = node == 0 ? [] : nodes[parents[node]].reachable
            nodes[node].reachable = Self.merge(inherited, nodes[node].prefixRoutes)
            nodes[node].ending = Self.merge(nodes[node].reachable, nodes[node].exactRoutes)
        }
    }

    /// Both lists in route order, cut after the first unconditional route.
    private static func merge(_ first: [Candidate], _ second: [Candidate]) -> [Candidate] {
        let merged = (first + second).sorted { $0.rule < $1.rule }
        guard let cut = merged.firstIndex(where: \.unconditional) else { return merged }
        return Array(merged[...cut])
    }

    /// The routes a path (without query and fragment) may take, in route order.
    func candidates(for path: UnsafeBufferPointer<UInt8>) -> [Candidate] {
        var node = 0
        var consumed = 0
        while consumed < path.count {
            let byte = foldsCase ? ASCII.lowercased(path[consumed]) : path[consumed]
            guard let child = nodes[node].child(byte) else { break }
            node = Int(child)
            consumed += 1
        }
        return consumed == path.count ? nodes[node].ending : nodes[node].reachable
    }
}
