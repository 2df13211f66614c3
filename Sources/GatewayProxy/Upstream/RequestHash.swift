import GatewayModel
import NIOHTTP1

/// A route's `lbHash` policies, as Envoy's hash policies make one hash of a request for ring hash balancing: a
/// header's values (sorted, each hashed into the next), a cookie's value, or the client's IP address; several
/// policies combine as `rotl(hash, 1) ^ next`, and a `terminal` one that produced a hash ends the list.
struct RequestHash: Sendable {
    enum Key: Sendable {
        case header(String)
        case cookie(String)
        case sourceIP
    }

    struct Policy: Sendable {
        var key: Key
        var terminal: Bool
    }

    var policies: [Policy]

    init?(_ lbHash: LbHash?) {
        policies = (lbHash?.hashPolicies ?? []).compactMap { policy in
            let terminal = policy.terminal ?? false
            switch policy.keyType {
            case .header(let name)?: return Policy(key: .header(name.lowercased()), terminal: terminal)
            case .cookie(let cookie)?:
                guard let name = cookie.name, !name.isEmpty else { return nil }
                return Policy(key: .cookie(name), terminal: terminal)
            case .sourceIp(true)?: return Policy(key: .sourceIP, terminal: terminal)
            default: return nil
            }
        }
        if policies.isEmpty { return nil }
    }

    /// The request's hash; nil when no policy found its input (Envoy then picks a random host).
    func hash(headers: HTTPHeaders, clientAddress: String?) -> UInt64? {
        var result: UInt64?
        for policy in policies {
            guard let next = Self.hash(policy.key, headers: headers, clientAddress: clientAddress) else { continue }
            result = result.map { (($0 << 1) | ($0 >> 63)) ^ next } ?? next
            if policy.terminal { break }
        }
        return result
    }

    private static func hash(_ key: Key, headers: HTTPHeaders, clientAddress: String?) -> UInt64? {
        switch key {
        case .header(let name):
            let values = headers[canonicalForm: name]
            guard !values.isEmpty else { return nil }
            var hash: UInt64 = 0
            for (index, value) in values.map(String.init).sorted().enumerated() {
                hash = XXHash64.hash(Array(value.utf8), seed: index == 0 ? 0 : hash)
            }
            return hash
        case .cookie(let name):
            for header in headers[canonicalForm: "cookie"] {
                for pair in header.split(separator: ";") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    if parts.count == 2, parts[0].trimmingSpaces == name {
                        return XXHash64.hash(Array(parts[1].trimmingSpaces.utf8))
                    }
                }
            }
            return nil
        case .sourceIP:
            return clientAddress.map { XXHash64.hash(Array($0.utf8)) }
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}

/// Envoy's ring of hashes over a cluster's endpoints: each endpoint gets a share of the ring by weight (at least
/// `minimumSize` entries in all, at most `maximumSize`), at the xxHash64 of `address_i`; a request's hash takes the
/// first entry at or after it, wrapping around.
struct HashRing: Sendable {
    private var hashes: [UInt64] = []
    private var endpoints: [Int] = []

    init(_ endpoints: [UpstreamCluster.Endpoint], minimumSize: UInt64, maximumSize: UInt64) {
        let total = endpoints.reduce(0.0) { $0 + Double($1.weight) }
        guard total > 0 else { return }
        let normalized = endpoints.map { Double($0.weight) / total }
        let smallest = normalized.min() ?? 1
        let scale = min((smallest * Double(minimumSize)).rounded(.up) / smallest, Double(maximumSize))
        var entries: [(hash: UInt64, endpoint: Int)] = []
        var current = 0.0
        var target = 0.0
        for (index, endpoint) in endpoints.enumerated() {
            target += scale * normalized[index]
            var counter = 0
            while current < target {
                entries.append((XXHash64.hash(Array("\(endpoint.address)_\(counter)".utf8)), index))
                counter += 1
                current += 1
            }
        }
        entries.sort { $0.hash < $1.hash }
        hashes = entries.map(\.hash)
        self.endpoints = entries.map(\.endpoint)
    }

    /// The endpoints in ring order from `hash`'s place: the first is the one the hash selects.
    func endpoints(from hash: UInt64) -> some Sequence<Int> {
        var low = 0
        var high = hashes.count
        while low < high {
            let middle = (low + high) / 2
            if hashes[middle] < hash { low = middle + 1 } else { high = middle }
        }
        let start = low == hashes.count ? 0 : low
        return (0..<endpoints.count).lazy.map { self.endpoints[(start + $0) % self.endpoints.count] }
    }

    var isEmpty: Bool { hashes.isEmpty }
}
