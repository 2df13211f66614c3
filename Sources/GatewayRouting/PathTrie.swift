/// A byte trie over route paths whose nodes hold, ready-merged, every rule that a path reaching the node may
/// take: the rules whose prefix ends at the node or above it, and at the end of the path the rules with that exact
/// path. Lists are in rule order and end at the first rule that needs nothing more than the path, since no later
/// rule can win after it.
///
/// Rules are inserted into a build form; `finish` lays the trie out in flat arrays in an ``Arena``, which a lookup
/// reads without retaining anything.
/// Its arrays are read-only once laid out.
struct PathTrie: @unchecked Sendable {
    private struct BuildNode: Sendable {
        var keys: [UInt8] = []
        var children: [Int32] = []
        var prefixRules: [Candidate] = []
        var exactRules: [Candidate] = []
    }

    private struct Node: Sendable {
        /// The node's edges in `edges`, sorted by byte.
        var edges: Range<Int32>
        /// The rules any path reaching this node may take, in `lists`.
        var reachable: Range<Int32>
        /// `reachable` and the exact rules, for a path that ends here, in `lists`.
        var ending: Range<Int32>
    }

    private struct Edge: Sendable {
        var byte: UInt8
        var child: Int32
    }

    private var building = [BuildNode()]
    private var nodes = UnsafeBufferPointer<Node>(start: nil, count: 0)
    private var edges = UnsafeBufferPointer<Edge>(start: nil, count: 0)
    /// Every node's candidate lists, one after the other; nodes with nothing of their own share their parent's.
    private(set) var lists = UnsafeBufferPointer<Candidate>(start: nil, count: 0)
    /// Whether keys and paths compare in ASCII lower case.
    let foldsCase: Bool

    init(foldsCase: Bool) {
        self.foldsCase = foldsCase
    }

    private(set) var isEmpty = true

    mutating func insert(prefix: [UInt8], _ candidate: Candidate) {
        building[node(for: prefix)].prefixRules.append(candidate)
        isEmpty = false
    }

    mutating func insert(exact path: [UInt8], _ candidate: Candidate) {
        building[node(for: path)].exactRules.append(candidate)
        isEmpty = false
    }

    private mutating func node(for key: [UInt8]) -> Int {
        var node = 0
        for byte in key {
            let byte = foldsCase ? ASCII.lowercased(byte) : byte
            if let edge = building[node].keys.firstIndex(of: byte) {
                node = Int(building[node].children[edge])
                continue
            }
            let child = Int32(building.count)
            building.append(BuildNode())
            let position = building[node].keys.firstIndex { $0 > byte } ?? building[node].keys.count
            building[node].keys.insert(byte, at: position)
            building[node].children.insert(child, at: position)
            node = Int(child)
        }
        return node
    }

    /// Merges each node's rules with its ancestors' and lays the trie out in `arena`; call once, after the last
    /// insert.
    mutating func finish(in arena: Arena) {
        var nodes: [Node] = []
        var edges: [Edge] = []
        var lists: [Candidate] = []
        nodes.reserveCapacity(building.count)
        var parents = [Int](repeating: -1, count: building.count)
        for (node, value) in building.enumerated() {
            for child in value.children { parents[Int(child)] = node }
        }
        /// Appends the rules of `stored` and `added` in rule order, cut after the first unconditional rule.
        func append(merging stored: Range<Int32>, _ added: [Candidate]) -> Range<Int32> {
            let merged = (lists[Int(stored.lowerBound)..<Int(stored.upperBound)] + added).sorted { $0.rule < $1.rule }
            let cut = merged.firstIndex(where: \.unconditional).map { $0 + 1 } ?? merged.count
            let start = Int32(lists.count)
            lists += merged[..<cut]
            return start..<Int32(lists.count)
        }
        // Parents come before their children in `building`.
        for (index, node) in building.enumerated() {
            let inherited = parents[index] < 0 ? 0..<0 : nodes[parents[index]].reachable
            let reachable = node.prefixRules.isEmpty ? inherited : append(merging: inherited, node.prefixRules)
            let ending = node.exactRules.isEmpty ? reachable : append(merging: reachable, node.exactRules)
            let start = Int32(edges.count)
            edges += zip(node.keys, node.children).map { Edge(byte: $0, child: $1) }
            nodes.append(Node(edges: start..<Int32(edges.count), reachable: reachable, ending: ending))
        }
        building = []
        self.nodes = arena.store(nodes)
        self.edges = arena.store(edges)
        self.lists = arena.store(lists)
    }

    /// The rules a path (without query and fragment) may take, in rule order, as a range of `lists`.
    func candidates(for path: UnsafeBufferPointer<UInt8>) -> Range<Int32> {
        var node = 0
        var consumed = 0
        walk: while consumed < path.count {
            let byte = foldsCase ? ASCII.lowercased(path[consumed]) : path[consumed]
            // Few edges per node: a linear scan beats a binary search.
            for edge in nodes[node].edges where edges[Int(edge)].byte == byte {
                node = Int(edges[Int(edge)].child)
                consumed += 1
                continue walk
            }
            break
        }
        return consumed == path.count ? nodes[node].ending : nodes[node].reachable
    }
}
