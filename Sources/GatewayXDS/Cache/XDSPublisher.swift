public import GatewayModel
import Synchronization

/// Turns the Proxies a configuration builds into the snapshots a ``SnapshotCache`` serves: translates each
/// proxy, validates the result, and publishes it under `<namespace>~<proxy>` only when Envoy would accept
/// it. A configuration Envoy would reject leaves the previous snapshot serving and becomes an error report
/// on the Proxy, so a bad change is a report, not a NACK.
///
/// ```swift
/// let publisher = XDSPublisher(cache: cache)
/// let reports = publisher.publish(proxies, resources: resources)
/// ```
public final class XDSPublisher: Sendable {
    public let cache: SnapshotCache
    public let translator: XDSTranslator
    private let published = Mutex<[String: XDSSnapshot]>([:])

    public init(cache: SnapshotCache, translator: XDSTranslator = XDSTranslator()) {
        self.cache = cache
        self.translator = translator
    }

    /// Publishes a snapshot for every proxy and stops serving proxies no longer built. Returns the
    /// translation's warnings and errors (on the resources that caused them) and, for a proxy whose
    /// resources Envoy would reject, an error on the Proxy naming each problem.
    @discardableResult
    public func publish(_ proxies: [Resource<ProxySpec>], resources: ResourceSet) -> ResourceReports {
        // One publication at a time, so that concurrent calls cannot leave an older configuration cached last.
        published.withLock { published in
            var reports = ResourceReports()
            let validator = XDSValidator()
            var keys: Set<String> = []
            for proxy in proxies {
                let key = NodeKey.proxy(proxy.name, namespace: proxy.namespace)
                keys.insert(key)
                let translation = translator.translate(proxy, in: resources)
                reports.merge(translation.reports)
                let issues = validator.validate(translation.resources)
                guard issues.isEmpty else {
                    for issue in issues {
                        reports.addError(ResourceID(proxy), "not sent to Envoy, which would reject it: \(issue)")
                    }
                    continue
                }
                let snapshot = XDSSnapshot(translation.resources, reusing: published[key])
                published[key] = snapshot
                cache.setSnapshot(snapshot, forKey: key)
            }
            for key in published.keys where !keys.contains(key) {
                published[key] = nil
                cache.removeSnapshot(forKey: key)
            }
            return reports
        }
    }
}
