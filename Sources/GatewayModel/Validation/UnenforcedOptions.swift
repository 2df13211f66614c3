/// Finds options that decode and round-trip but that no module of this suite acts on (Enterprise features and
/// external services such as `waf`, `jwt`, `extauth`, `ratelimit`, `dlp`), so validation can name them.
enum UnenforcedOptions {
    static func warnings(in resources: ResourceSet) -> [(ResourceID, String)] {
        var found: [(ResourceID, String)] = []
        func note(_ id: ResourceID, _ names: [String], at path: String) {
            for name in names {
                found.append((id, "option '\(name)' at \(path) is read and kept but not enforced by this gateway"))
            }
        }
        func routes(_ list: [Route]?, _ id: ResourceID, at path: String) {
            for (index, route) in (list ?? []).enumerated() {
                let routePath = "\(path)[\(index)]"
                if let options = route.options { note(id, options.unenforcedOptionNames, at: "\(routePath).options") }
                for (position, weighted) in (route.routeAction?.multi?.destinations ?? []).enumerated() {
                    if let options = weighted.options {
                        note(
                            id,
                            options.unenforcedOptionNames,
                            at: "\(routePath).routeAction.multi.destinations[\(position)].options"
                        )
                    }
                }
            }
        }
        for gateway in resources.gateways {
            let id = ResourceID(gateway)
            if let options = gateway.spec.options { note(id, options.unenforcedOptionNames, at: "spec.options") }
            if let options = gateway.spec.httpGateway?.options {
                note(id, options.unenforcedOptionNames, at: "spec.httpGateway.options")
            }
            for (index, matched) in (gateway.spec.hybridGateway?.matchedGateways ?? []).enumerated() {
                if let options = matched.httpGateway?.options {
                    note(
                        id,
                        options.unenforcedOptionNames,
                        at: "spec.hybridGateway.matchedGateways[\(index)].httpGateway.options"
                    )
                }
            }
        }
        for virtualService in resources.virtualServices {
            let id = ResourceID(virtualService)
            if let options = virtualService.spec.virtualHost?.options {
                note(id, options.unenforcedOptionNames, at: "spec.virtualHost.options")
            }
            routes(virtualService.spec.virtualHost?.routes, id, at: "spec.virtualHost.routes")
        }
        for table in resources.routeTables {
            routes(table.spec.routes, ResourceID(table), at: "spec.routes")
        }
        for group in resources.upstreamGroups {
            for (index, weighted) in (group.spec.destinations ?? []).enumerated() {
                if let options = weighted.options {
                    note(ResourceID(group), options.unenforcedOptionNames, at: "spec.destinations[\(index)].options")
                }
            }
        }
        return found
    }
}
