/// A segment trie over URI templates made of literal segments, `*` segments and a final `**` (named or not).
///
/// A path can reach several leaves (a literal and a `*` branch, a `**` tail), so a search visits every branch
/// the path fits, but skips a subtree when all of its rules come after the best rule found so far.
struct TemplateTrie: Sendable {
    private struct Node: Sendable {
        /// Literal segments, each with its child.
        var literals: [(key: [UInt8], child: Int32)] = []
        /// The child for one `*` segment, or -1.
        var segment: Int32 = -1
        /// Rules whose template ends here.
        var ending: [Candidate] = []
        /// Rules whose template ends here with `/**`.
        var rest: [Candidate] = []
        /// The first rule in this subtree (filled by `finish`).
        var firstRule: Int32 = .max
    }

    private var nodes = [Node()]

    var isEmpty: Bool { nodes.count == 1 && nodes[0].ending.isEmpty && nodes[0].rest.isEmpty }

    /// Files a rule; rules must come in ascending order.
    mutating func insert(_ segments: [TemplateSegment], _ candidate: Candidate) {
        var node = 0
        for segment in segments {
            switch segment {
            case .literal(let key):
                if let child = nodes[node].literals.first(where: { $0.key == key })?.child {
                    node = Int(child)
                } else {
                    let child = appendNode()
                    nodes[node].literals.append((key, child))
                    node = Int(child)
                }
            case .segment:
                if nodes[node].segment < 0 { nodes[node].segment = appendNode() }
                node = Int(nodes[node].segment)
            case .rest:
                Self.append(candidate, to: &nodes[node].rest)
                return
            }
        }
        Self.append(candidate, to: &nodes[node].ending)
    }

    /// Nothing after an unconditional rule can win.
    private static func append(_ candidate: Candidate, to list: inout [Candidate]) {
        if list.last?.unconditional != true { list.append(candidate) }
    }

    private mutating func appendNode() -> Int32 {
        nodes.append(Node())
        return Int32(nodes.count - 1)
    }

    /// Computes each subtree's first rule; call once, after the last insert.
    mutating func finish() {
        // Children come after their parents in `nodes`.
        for node in nodes.indices.reversed() {
            var first = min(nodes[node].ending.first?.rule ?? .max, nodes[node].rest.first?.rule ?? .max)
            for (_, child) in nodes[node].literals { first = min(first, nodes[Int(child)].firstRule) }
            if nodes[node].segment >= 0 { first = min(first, nodes[Int(nodes[node].segment)].firstRule) }
            nodes[node].firstRule = first
        }
    }

    /// Lowers `best` to the first rule below it whose template matches `path` and that `accept` takes.
    func search(_ path: UnsafeBufferPointer<UInt8>, below best: inout Int32, _ accept: (Candidate) -> Bool) {
        guard path.first == UInt8(ascii: "/") else { return }
        nodes.withUnsafeBufferPointer { nodes in
            Self.visit(nodes, 0, at: 0, path, &best, accept)
        }
    }

    /// `position` is the end of the text matched so far: the path's end or a `/`.
    private static func visit(
        _ nodes: UnsafeBufferPointer<Node>,
        _ index: Int,
        at position: Int,
        _ path: UnsafeBufferPointer<UInt8>,
        _ best: inout Int32,
        _ accept: (Candidate) -> Bool
    ) {
        let node = nodes[index]
        guard node.firstRule < best else { return }
        if position == path.count {
            node.ending.scan(below: &best, accept)
            return
        }
        // The path goes on with `/` and one more segment.
        let start = position + 1
        var end = start
        while end < path.count, path[end] != UInt8(ascii: "/") { end += 1 }
        let segment = UnsafeBufferPointer(rebasing: path[start..<end])
        if !node.rest.isEmpty, node.rest[0].rule < best,
            path[start...].allSatisfy(URITemplate.isTextGlobByte)
        {
            node.rest.scan(below: &best, accept)
        }
        for (key, child) in node.literals where key.count == segment.count && segment.elementsEqual(key) {
            visit(nodes, Int(child), at: end, path, &best, accept)
            break
        }
        if node.segment >= 0, !segment.isEmpty, segment.allSatisfy(URITemplate.isPathGlobByte) {
            visit(nodes, Int(node.segment), at: end, path, &best, accept)
        }
    }
}
