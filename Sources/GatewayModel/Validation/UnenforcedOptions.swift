/// Finds options that decode and round-trip but that no module of this suite acts on (Enterprise features and
/// external services such as `waf`, `jwt`, `extauth`, `ratelimit`, `dlp`), so validation can name them.
enum UnenforcedOptions {
    static func warnings(in resources: ResourceSet) -> [(ResourceID, String)] {
        var found: [(ResourceID, String)] = []
        for gateway in resources.gateways {
            let id = ResourceID(gateway)
            found += note(id, gateway.spec.options?.unenforcedOptionNames, at: "spec.options")
            found += note(id, gateway.spec.httpGateway?.options?.unenforcedOptionNames, at: "spec.httpGateway.options")
            for (index, matched) in (gateway.spec.hybridGateway?.matchedGateways ?? []).enumerated() {
                found += note(
                    id,
                    matched.httpGateway?.options?.unenforcedOptionNames,
                    at: "spec.hybridGateway.matchedGateways[\(index)].httpGateway.options"
                )
            }
        }
        // VirtualServices and RouteTables hold nearly all routes: they are checked in parallel, in order.
        let virtualServices = Parallel.map(resources.virtualServices, minimumCount: 64) { virtualService in
            let id = ResourceID(virtualService)
            var found = note(
                id,
                virtualService.spec.virtualHost?.withOptions(\.unenforcedOptionNames),
                at: "spec.virtualHost.options"
            )
            found += routeWarnings(virtualService.spec.virtualHost?.routes, id, at: "spec.virtualHost.routes")
            return found
        }
        found += virtualServices.joined()
        let tables = Parallel.map(resources.routeTables, minimumCount: 64) { table in
            routeWarnings(table.spec.routes, ResourceID(table), at: "spec.routes")
        }
        found += tables.joined()
        for group in resources.upstreamGroups {
            for (index, weighted) in (group.spec.destinations ?? []).enumerated() {
                found += note(
                    ResourceID(group),
                    weighted.options?.unenforcedOptionNames,
                    at: "spec.destinations[\(index)].options"
                )
            }
        }
        return found
    }

    private static func note(_ id: ResourceID, _ names: [String]?, at path: String) -> [(ResourceID, String)] {
        (names ?? []).map { (id, "option '\($0)' at \(path) is read and kept but not enforced by this gateway") }
    }

    private static func routeWarnings(_ list: [Route]?, _ id: ResourceID, at path: String) -> [(ResourceID, String)] {
        guard let list else { return [] }
        var found: [(ResourceID, String)] = []
        // By index, so that routes are read in place rather than copied. Paths are spelled out only for routes
        // that have something to report.
        for index in list.indices {
            if let names = list[index].withOptions(\.unenforcedOptionNames), !names.isEmpty {
                found += note(id, names, at: "\(path)[\(index)].options")
            }
            guard let destinations = list[index].routeAction?.multi?.destinations else { continue }
            for (position, weighted) in destinations.enumerated() {
                guard let names = weighted.options?.unenforcedOptionNames, !names.isEmpty else { continue }
                found += note(id, names, at: "\(path)[\(index)].routeAction.multi.destinations[\(position)].options")
            }
        }
        return found
    }
}
