/// A segment trie over URI templates made of literal segments, `*` segments and a final `**` (named or not).
///
/// A path can reach several leaves (a literal and a `*` branch, a `**` tail), so a search visits every branch
/// the path fits, but skips a subtree when all of its rules come after the best rule found so far. Templates are
/// inserted into a build form; `finish` lays the trie out in flat arrays in an ``Arena``, which a search reads
/// without retaining anything.
/// Its arrays are read-only once laid out.
struct TemplateTrie: @unchecked Sendable {
    private struct BuildNode: Sendable {
        var literals: [(key: [UInt8], child: Int32)] = []
        var segment: Int32 = -1
        var ending: [Candidate] = []
        var rest: [Candidate] = []
    }

    private struct Node: Sendable {
        /// Children for literal segments, in `literals`.
        var literals: Range<Int32>
        /// The child for one `*` segment, or -1.
        var segment: Int32
        /// Rules whose template ends here, in `lists`.
        var ending: Range<Int32>
        /// Rules whose template ends here with `/**`, in `lists`.
        var rest: Range<Int32>
        /// The first rule in this subtree.
        var firstRule: Int32
    }

    private struct Literal: Sendable {
        /// The segment's bytes in `keyBytes`.
        var key: Range<Int32>
        /// The key's length, first and last bytes, compared before the rest.
        var tag: UInt32
        var child: Int32
    }

    private var building = [BuildNode()]
    private var layout = Layout(
        nodes: .init(start: nil, count: 0),
        literals: .init(start: nil, count: 0),
        keyBytes: .init(start: nil, count: 0),
        lists: .init(start: nil, count: 0)
    )

    private(set) var isEmpty = true

    /// Files a rule; rules must come in ascending order.
    mutating func insert(_ segments: [TemplateSegment], _ candidate: Candidate) {
        isEmpty = false
        var node = 0
        for segment in segments {
            switch segment {
            case .literal(let key):
                if let child = building[node].literals.first(where: { $0.key == key })?.child {
                    node = Int(child)
                } else {
                    let child = appendNode()
                    building[node].literals.append((key, child))
                    node = Int(child)
                }
            case .segment:
                if building[node].segment < 0 { building[node].segment = appendNode() }
                node = Int(building[node].segment)
            case .rest:
                Self.append(candidate, to: &building[node].rest)
                return
            }
        }
        Self.append(candidate, to: &building[node].ending)
    }

    /// Nothing after an unconditional rule can win.
    private static func append(_ candidate: Candidate, to list: inout [Candidate]) {
        if list.last?.unconditional != true { list.append(candidate) }
    }

    private mutating func appendNode() -> Int32 {
        building.append(BuildNode())
        return Int32(building.count - 1)
    }

    /// Lays the trie out in `arena` and computes each subtree's first rule; call once, after the last insert.
    mutating func finish(in arena: Arena) {
        var nodes: [Node] = []
        var literals: [Literal] = []
        var keyBytes: [UInt8] = []
        var lists: [Candidate] = []
        func store(_ candidates: [Candidate]) -> Range<Int32> {
            let start = Int32(lists.count)
            lists += candidates
            return start..<Int32(lists.count)
        }
        for node in building {
            let start = Int32(literals.count)
            // Sorted by tag, for a binary search.
            let tagged = node.literals.map { (Self.tag($0.key), $0.key, $0.child) }.sorted { $0.0 < $1.0 }
            for (tag, key, child) in tagged {
                let keyStart = Int32(keyBytes.count)
                keyBytes += key
                literals.append(Literal(key: keyStart..<Int32(keyBytes.count), tag: tag, child: child))
            }
            nodes.append(
                Node(
                    literals: start..<Int32(literals.count),
                    segment: node.segment,
                    ending: store(node.ending),
                    rest: store(node.rest),
                    firstRule: min(node.ending.first?.rule ?? .max, node.rest.first?.rule ?? .max)
                )
            )
        }
        // Children come after their parents.
        for index in nodes.indices.reversed() {
            var first = nodes[index].firstRule
            for literal in literals[Int(nodes[index].literals.lowerBound)..<Int(nodes[index].literals.upperBound)] {
                first = min(first, nodes[Int(literal.child)].firstRule)
            }
            if nodes[index].segment >= 0 { first = min(first, nodes[Int(nodes[index].segment)].firstRule) }
            nodes[index].firstRule = first
        }
        building = []
        layout = Layout(
            nodes: arena.store(nodes),
            literals: arena.store(literals),
            keyBytes: arena.store(keyBytes),
            lists: arena.store(lists)
        )
    }

    /// A segment's length, first and last bytes: few segments of one node share one.
    @inline(__always)
    private static func tag(_ segment: some Collection<UInt8>) -> UInt32 {
        guard let first = segment.first else { return 0 }
        var last = first
        for byte in segment { last = byte }
        return UInt32(truncatingIfNeeded: segment.count) << 16 | UInt32(first) << 8 | UInt32(last)
    }

    @inline(__always)
    private static func tag(_ path: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt32 {
        start == end
            ? 0 : UInt32(truncatingIfNeeded: end - start) << 16 | UInt32(path[start]) << 8 | UInt32(path[end - 1])
    }

    /// Offers `search` the rules whose template matches its path, best first within each branch.
    func search(_ search: inout RuleSearch) {
        guard search.input.path.first == UInt8(ascii: "/") else { return }
        layout.visit(0, at: 0, &search)
    }

    private struct Layout: @unchecked Sendable {
        let nodes: UnsafeBufferPointer<Node>
        let literals: UnsafeBufferPointer<Literal>
        let keyBytes: UnsafeBufferPointer<UInt8>
        let lists: UnsafeBufferPointer<Candidate>

        /// The child for the literal segment `path[start..<end]`: a binary search on the tags, then a comparison.
        @inline(__always)
        private func child(of node: Node, matching path: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
            let tag = TemplateTrie.tag(path, start, end)
            var low = Int(node.literals.lowerBound)
            var high = Int(node.literals.upperBound)
            while low < high {
                let middle = (low + high) / 2
                if literals[middle].tag < tag { low = middle + 1 } else { high = middle }
            }
            while low < Int(node.literals.upperBound), literals[low].tag == tag {
                let key = literals[low].key
                if keyBytes[Int(key.lowerBound)..<Int(key.upperBound)].elementsEqual(path[start..<end]) {
                    return Int(literals[low].child)
                }
                low += 1
            }
            return nil
        }

        /// `position` is the end of the text matched so far: the path's end or a `/`.
        func visit(_ index: Int, at position: Int, _ search: inout RuleSearch) {
            let node = nodes[index]
            guard node.firstRule < search.best else { return }
            let path = search.input.path
            if position == path.count {
                search.consider(lists, node.ending)
                return
            }
            // The path goes on with `/` and one more segment.
            let start = position + 1
            var end = start
            while end < path.count, path[end] != UInt8(ascii: "/") { end += 1 }
            if !node.rest.isEmpty, lists[Int(node.rest.lowerBound)].rule < search.best,
                search.input.pathIsGlobbable || path[start...].allSatisfy(URITemplate.isTextGlobByte)
            {
                search.consider(lists, node.rest)
            }
            if let child = child(of: node, matching: path, start, end) {
                visit(child, at: end, &search)
            }
            if node.segment >= 0, end > start,
                search.input.pathIsGlobbable || path[start..<end].allSatisfy(URITemplate.isPathGlobByte)
            {
                visit(Int(node.segment), at: end, &search)
            }
        }
    }
}
