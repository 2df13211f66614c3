import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the requests of one event loop share, used only on that loop: upstream connections and load balancers.
final class EventLoopState {
    let eventLoop: any EventLoop
    let pool: UpstreamPool
    let healthRegistry: HealthRegistry
    /// Spans per forwarded request, when the server has a tracer.
    let tracing: RequestTracing?
    var random = BufferedRandom()
    var date = HTTPDate()
    private var balancers: [String: LoadBalancer] = [:]

    init(eventLoop: any EventLoop, healthRegistry: HealthRegistry, tracing: RequestTracing?) {
        self.eventLoop = eventLoop
        self.healthRegistry = healthRegistry
        self.tracing = tracing
        pool = UpstreamPool(eventLoop: eventLoop)
    }

    /// Seconds since 1970, for the access log.
    func wallClock() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// The balancer of `cluster` on this loop; a new one when the cluster's endpoints or policy changed.
    func balancer(for cluster: UpstreamCluster) -> LoadBalancer {
        if let known = balancers[cluster.name], known.cluster.endpoints == cluster.endpoints,
            known.cluster.balancing == cluster.balancing, known.cluster.healthCheck == cluster.healthCheck,
            known.cluster.outlierDetection == cluster.outlierDetection
        {
            return known
        }
        let balancer = LoadBalancer(
            cluster: cluster,
            health: healthRegistry.health(of: cluster),
            load: healthRegistry.load(of: cluster),
            random: &random
        )
        balancers[cluster.name] = balancer
        return balancer
    }
}
