import GatewayModel
import Testing

@testable import GatewayRouting

@Suite("Weighted destinations")
struct WeightedDestinationTests {
    private func destination(_ name: String) -> Destination {
        var destination = Destination()
        destination.upstream = ResourceRef(name: name, namespace: "apps")
        return destination
    }

    private func weighted(_ name: String, _ weight: UInt32?) -> WeightedDestination {
        var weighted = WeightedDestination()
        weighted.destination = destination(name)
        weighted.weight = weight
        return weighted
    }

    @Test("single, multi and upstream group actions list their targets")
    func targets() {
        #expect(
            RouteAction.single(destination("a")).weightedTargets() == [.init(destination: destination("a"), weight: 1)]
        )
        var multi = RouteAction()
        multi.multi = MultiDestination()
        multi.multi?.destinations = [weighted("a", 90), weighted("b", nil)]
        #expect(multi.weightedTargets().map(\.weight) == [90, 0])
        var grouped = RouteAction()
        grouped.upstreamGroup = ResourceRef(name: "g", namespace: "apps")
        var spec = UpstreamGroupSpec()
        var inGroupNamespace = weighted("c", 3)
        inGroupNamespace.destination?.upstream?.namespace = nil
        spec.destinations = [inGroupNamespace]
        let group = Resource(name: "g", namespace: "team", spec: spec)
        let targets = grouped.weightedTargets { $0.name == "g" ? group : nil }
        #expect(targets.map(\.weight) == [3])
        #expect(targets.first?.destination.upstream == ResourceRef(name: "c", namespace: "team"))
        #expect(grouped.weightedTargets().isEmpty, "a group that does not exist has no targets")
    }

    @Test("the choice is random % total, in order; weight 0 is never chosen")
    func choice() {
        let targets = [
            WeightedTarget(destination: destination("a"), weight: 90),
            WeightedTarget(destination: destination("zero"), weight: 0),
            WeightedTarget(destination: destination("b"), weight: 10),
        ]
        #expect(targets.choose(random: 0)?.destination.upstream?.name == "a")
        #expect(targets.choose(random: 89)?.destination.upstream?.name == "a")
        #expect(targets.choose(random: 90)?.destination.upstream?.name == "b")
        #expect(targets.choose(random: 199)?.destination.upstream?.name == "b")
        #expect(targets.choose(random: 200)?.destination.upstream?.name == "a")
        let counts = (0..<1000).reduce(into: [String: Int]()) { counts, random in
            counts[targets.choose(random: UInt64(random))?.destination.upstream?.name ?? "", default: 0] += 1
        }
        #expect(counts == ["a": 900, "b": 100])
        #expect([WeightedTarget(destination: destination("x"), weight: 0)].choose(random: 5) == nil)
    }
}
