extension ProxyBuilder.Result {
    /// The Proxies to serve when `previous` are the ones being served now: every listener built from a
    /// Rejected Gateway and every virtual host built from a Rejected VirtualService keeps its previous
    /// version (or is left out when there was none), so an invalid change never replaces valid serving
    /// configuration. Gloo Edge strips such parts and re-inserts them from the existing Proxy the same way.
    public func preservingLastValid(from previous: [Resource<ProxySpec>]) -> [Resource<ProxySpec>] {
        func isRejected(_ metadata: ConfigValue?) -> Bool {
            SourceMetadata.sources(in: metadata).contains { reports.hasErrors($0) }
        }
        var result: [Resource<ProxySpec>] = []
        var names: [String] = proxies.map(\.name)
        for old in previous where !names.contains(old.name) { names.append(old.name) }

        for name in names {
            let built = proxies.first { $0.name == name }
            let old = previous.first { $0.name == name }
            var listeners: [Listener] = []
            var listenerSources: [[ResourceID]] = []
            for listener in built?.spec.listeners ?? [] {
                // The previous listener of the same Gateway (two Gateways may claim one address).
                let sources = SourceMetadata.sources(in: listener.metadataStatic)
                let before = old?.spec.listeners?.first {
                    $0.name == listener.name && SourceMetadata.sources(in: $0.metadataStatic) == sources
                }
                if isRejected(listener.metadataStatic) {
                    if let before { listeners.append(before) }
                } else {
                    listeners.append(Self.merging(listener, previous: before, isRejected: isRejected))
                }
                listenerSources.append(sources)
            }
            // Listeners that disappeared because their Gateway is Rejected keep serving.
            for listener in old?.spec.listeners ?? [] {
                let sources = SourceMetadata.sources(in: listener.metadataStatic)
                if !listenerSources.contains(sources), isRejected(listener.metadataStatic) {
                    listeners.append(listener)
                }
            }
            guard !listeners.isEmpty else { continue }
            var proxy = built ?? old ?? Resource(name: name, spec: ProxySpec())
            proxy.spec.listeners = listeners
            result.append(proxy)
        }
        return result
    }

    /// A listener with the virtual hosts of Rejected VirtualServices replaced by their previous versions, in
    /// its HTTP listener or in each matched HTTP listener of a hybrid one (paired by matcher, as Gloo does).
    private static func merging(
        _ listener: Listener,
        previous: Listener?,
        isRejected: (ConfigValue?) -> Bool
    ) -> Listener {
        var merged = listener
        if let http = listener.httpListener {
            merged.httpListener = mergingHosts(http, previous: previous?.httpListener, isRejected: isRejected)
        }
        if var hybrid = listener.hybridListener, var matched = hybrid.matchedListeners {
            let old = previous?.hybridListener?.matchedListeners ?? []
            for index in matched.indices {
                guard let http = matched[index].httpListener else { continue }
                let before = old.first { $0.matcher == matched[index].matcher }?.httpListener
                matched[index].httpListener = mergingHosts(http, previous: before, isRejected: isRejected)
            }
            hybrid.matchedListeners = matched
            merged.hybridListener = hybrid
        }
        return merged
    }

    private static func mergingHosts(
        _ listener: HttpListener,
        previous: HttpListener?,
        isRejected: (ConfigValue?) -> Bool
    ) -> HttpListener {
        let oldHosts = previous?.virtualHosts ?? []
        var hosts: [VirtualHost] = []
        for host in listener.virtualHosts ?? [] {
            if isRejected(host.metadataStatic) {
                if let before = oldHosts.first(where: { $0.name == host.name }) { hosts.append(before) }
            } else {
                hosts.append(host)
            }
        }
        for host in oldHosts where !hosts.contains(where: { $0.name == host.name }) && isRejected(host.metadataStatic) {
            hosts.append(host)
        }
        var merged = listener
        merged.virtualHosts = hosts
        return merged
    }
}
