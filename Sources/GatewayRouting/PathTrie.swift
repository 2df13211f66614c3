/// A byte trie over route paths whose nodes hold, ready-merged, every rule that a path reaching the node may
/// take: the rules whose prefix ends at the node or above it, and at the end of the path the rules with that exact
/// path. Lists are in rule order and end at the first rule that needs nothing more than the path, since no later
/// rule can win after it.
///
/// Rules are inserted into a build form kept in a few flat arrays (a node's children are a linked list there);
/// `finish` lays the trie out in flat arrays in an ``Arena``, which a lookup reads without retaining anything. Its
/// arrays are read-only once laid out.
struct PathTrie: @unchecked Sendable {
    /// A child in the build form: the next sibling is `next` (-1: none).
    private struct BuildEdge: Sendable {
        var byte: UInt8
        var child: Int32
        var next: Int32
    }

    /// A rule filed at a node in the build form.
    private struct Filed: Sendable {
        var node: Int32
        var candidate: Candidate
        var isExact: Bool
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

    /// Per node of the build form, its first child edge in `buildEdges` (-1: none).
    private var firstEdges: [Int32] = [-1]
    private var buildEdges: [BuildEdge] = []
    private var filed: [Filed] = []

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
        filed.append(Filed(node: node(for: prefix), candidate: candidate, isExact: false))
        isEmpty = false
    }

    mutating func insert(exact path: [UInt8], _ candidate: Candidate) {
        filed.append(Filed(node: node(for: path), candidate: candidate, isExact: true))
        isEmpty = false
    }

    private mutating func node(for key: [UInt8]) -> Int32 {
        var node: Int32 = 0
        walk: for byte in key {
            let byte = foldsCase ? ASCII.lowercased(byte) : byte
            var edge = firstEdges[Int(node)]
            while edge >= 0 {
                if buildEdges[Int(edge)].byte == byte {
                    node = buildEdges[Int(edge)].child
                    continue walk
                }
                edge = buildEdges[Int(edge)].next
            }
            let child = Int32(firstEdges.count)
            firstEdges.append(-1)
            buildEdges.append(BuildEdge(byte: byte, child: child, next: firstEdges[Int(node)]))
            firstEdges[Int(node)] = Int32(buildEdges.count - 1)
            node = child
        }
        return node
    }

    /// Merges each node's rules with its ancestors' and lays the trie out in `arena`; call once, after the last
    /// insert.
    mutating func finish(in arena: Arena) {
        let nodeCount = firstEdges.count
        // Each node's rules, in rule order, by a counting sort on the node (stable: rules came in order).
        var ruleStarts = [Int](repeating: 0, count: nodeCount + 1)
        for rule in filed { ruleStarts[Int(rule.node) + 1] += 1 }
        for node in 0..<nodeCount { ruleStarts[node + 1] += ruleStarts[node] }
        var byNode = [Filed](
            repeating: Filed(
                node: 0,
                candidate: Candidate(rule: 0, unconditional: false, pathKnown: false),
                isExact: false
            ),
            count: filed.count
        )
        var fill = ruleStarts
        for rule in filed {
            byNode[fill[Int(rule.node)]] = rule
            fill[Int(rule.node)] += 1
        }
        var parents = [Int32](repeating: -1, count: nodeCount)
        var nodes: [Node] = []
        var edges: [Edge] = []
        var lists: [Candidate] = []
        nodes.reserveCapacity(nodeCount)
        edges.reserveCapacity(buildEdges.count)
        for node in 0..<nodeCount {
            var edge = firstEdges[node]
            while edge >= 0 {
                parents[Int(buildEdges[Int(edge)].child)] = Int32(node)
                edge = buildEdges[Int(edge)].next
            }
        }
        /// Appends the rules of `stored` and those of `rules` (exact ones or not) merged in rule order, both being
        /// in rule order already, cut after the first unconditional rule.
        func append(merging stored: Range<Int32>, _ rules: ArraySlice<Filed>, exact: Bool) -> Range<Int32> {
            let start = Int32(lists.count)
            var old = Int(stored.lowerBound)
            var new = rules.startIndex
            while true {
                while new < rules.endIndex, rules[new].isExact != exact { new += 1 }
                let next: Candidate
                if old < Int(stored.upperBound), new == rules.endIndex || lists[old].rule < rules[new].candidate.rule {
                    next = lists[old]
                    old += 1
                } else if new < rules.endIndex {
                    next = rules[new].candidate
                    new += 1
                } else {
                    break
                }
                lists.append(next)
                if next.unconditional { break }
            }
            return start..<Int32(lists.count)
        }
        // Parents come before their children: a node is numbered when it is created, under an existing parent.
        for node in 0..<nodeCount {
            let inherited = parents[node] < 0 ? 0..<0 : nodes[Int(parents[node])].reachable
            let rules = byNode[ruleStarts[node]..<ruleStarts[node + 1]]
            let hasPrefixRules = rules.contains { !$0.isExact }
            let hasExactRules = rules.contains { $0.isExact }
            let reachable = hasPrefixRules ? append(merging: inherited, rules, exact: false) : inherited
            let ending = hasExactRules ? append(merging: reachable, rules, exact: true) : reachable
            let start = Int32(edges.count)
            var edge = firstEdges[node]
            while edge >= 0 {
                edges.append(Edge(byte: buildEdges[Int(edge)].byte, child: buildEdges[Int(edge)].child))
                edge = buildEdges[Int(edge)].next
            }
            edges[Int(start)...].sort { $0.byte < $1.byte }
            nodes.append(Node(edges: start..<Int32(edges.count), reachable: reachable, ending: ending))
        }
        firstEdges = []
        buildEdges = []
        filed = []
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
