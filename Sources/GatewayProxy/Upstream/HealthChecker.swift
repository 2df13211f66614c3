import Metrics
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Runs one cluster's active HTTP health check against each of its endpoints, on one event loop, and records the
/// verdicts in the endpoints' shared health. Stopped when its cluster leaves the configuration or changes.
final class HealthChecker: Sendable {
    let cluster: UpstreamCluster
    let policy: HealthCheckPolicy
    private let eventLoop: any EventLoop
    private let probes: NIOLoopBoundBox<[EndpointProbe]?>

    init(cluster: UpstreamCluster, policy: HealthCheckPolicy, health: [EndpointHealth], eventLoop: any EventLoop) {
        self.cluster = cluster
        self.policy = policy
        self.eventLoop = eventLoop
        let probes = NIOLoopBoundBox.makeEmptyBox(valueType: [EndpointProbe].self, eventLoop: eventLoop)
        self.probes = probes
        eventLoop.execute {
            let started = zip(cluster.endpoints, health).map { endpoint, health in
                EndpointProbe(
                    cluster: cluster.name,
                    endpoint: endpoint,
                    tls: cluster.tls,
                    health: health,
                    policy: policy,
                    eventLoop: eventLoop
                )
            }
            for probe in started { probe.start() }
            probes.value = started
        }
    }

    /// Stops probing and closes the probes' connections.
    func stop() {
        let probes = self.probes
        eventLoop.execute {
            for probe in probes.value ?? [] { probe.stop() }
            probes.value = nil
        }
    }
}

/// The health check of one endpoint: a request every interval on a connection kept between checks.
final class EndpointProbe {
    private let cluster: String
    private let endpoint: UpstreamCluster.Endpoint
    private let tls: UpstreamTLS?
    private let health: EndpointHealth
    private let policy: HealthCheckPolicy
    private let eventLoop: any EventLoop
    private let healthy: Gauge
    private var channel: (any Channel)?
    private var timer: Scheduled<Void>?
    private var stopped = false
    private var checked = false
    private var failures = 0
    private var successes = 0

    init(
        cluster: String,
        endpoint: UpstreamCluster.Endpoint,
        tls: UpstreamTLS?,
        health: EndpointHealth,
        policy: HealthCheckPolicy,
        eventLoop: any EventLoop
    ) {
        self.cluster = cluster
        self.endpoint = endpoint
        self.tls = tls
        self.health = health
        self.policy = policy
        self.eventLoop = eventLoop
        healthy = Gauge(
            label: "gateway_upstream_endpoint_healthy",
            dimensions: [("upstream", cluster), ("endpoint", endpoint.address)]
        )
        healthy.record(health.isHealthy ? 1 : 0)
    }

    func start() { check() }

    func stop() {
        stopped = true
        timer?.cancel()
        channel?.close(promise: nil)
        channel = nil
    }

    private func scheduleNext() {
        guard !stopped else { return }
        timer = eventLoop.assumeIsolated().scheduleTask(in: policy.interval) { [weak self] in self?.check() }
    }

    private func check() {
        guard !stopped else { return }
        // One verdict per check: the response, a failure, or the timeout, whichever comes first.
        var done = false
        var deadline: Scheduled<Void>?
        let complete: (Int?) -> Void = { [weak self] status in
            guard !done else { return }
            done = true
            deadline?.cancel()
            self?.finish(status: status)
        }
        deadline = eventLoop.assumeIsolated().scheduleTask(in: policy.timeout) { complete(nil) }
        if let channel, channel.isActive {
            send(on: channel, complete)
            return
        }
        let (tls, serverName) = (self.tls, endpoint.serverName)
        ClientBootstrap(group: eventLoop)
            .connectTimeout(policy.timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: tls.context, serverHostname: serverName)
                        )
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(HealthProbeHandler())
                }
            }
            .connect(host: endpoint.host, port: endpoint.port)
            .assumeIsolated()
            .whenComplete { [weak self] result in
                switch result {
                case .success(let channel):
                    guard let self, !self.stopped else {
                        channel.close(promise: nil)
                        return
                    }
                    self.channel = channel
                    self.send(on: channel, complete)
                case .failure:
                    complete(nil)
                }
            }
    }

    private func send(on channel: any Channel, _ complete: @escaping (Int?) -> Void) {
        guard let handler = try? channel.pipeline.syncOperations.handler(type: HealthProbeHandler.self) else {
            complete(nil)
            return
        }
        handler.onResponse = complete
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: policy.method), uri: policy.path)
        head.headers.add(name: "host", value: policy.host ?? cluster)
        head.headers.add(name: "user-agent", value: "Envoy/HC")
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
    }

    /// Records one check: `status` nil for a network failure or timeout.
    private func finish(status: Int?) {
        guard !stopped else { return }
        let first = !checked
        checked = true
        if let status, policy.expects(status) {
            failures = 0
            successes += 1
            // The first check, or enough successes in a row, make the endpoint healthy.
            if first || !health.isHealthy && successes >= policy.healthyThreshold { set(healthy: true) }
        } else {
            successes = 0
            failures += 1
            if status == nil {
                channel?.close(promise: nil)
                channel = nil
            }
            // An unexpected status counts at once; network failures count up to the threshold.
            if status != nil || failures >= policy.unhealthyThreshold { set(healthy: false) }
        }
        scheduleNext()
    }

    private func set(healthy isHealthy: Bool) {
        if health.setHealthy(isHealthy) { healthy.record(isHealthy ? 1 : 0) }
    }
}

/// Reads one health check response and reports its status once the response has ended.
final class HealthProbeHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    var onResponse: ((Int?) -> Void)?
    private var status: Int?
    private var keepAlive = true

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if head.status.code >= 200 { status = Int(head.status.code) }
            keepAlive = head.isKeepAlive
        case .body:
            break
        case .end:
            let callback = onResponse
            onResponse = nil
            callback?(status)
            status = nil
            if !keepAlive { context.close(promise: nil) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let callback = onResponse
        onResponse = nil
        callback?(nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
