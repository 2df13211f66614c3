import GatewayTransform
import NIOCore
import NIOHTTP1

/// One request forwarded upstream: the upstream request made from the downstream one, the attempts (retries,
/// timeouts) and the response streamed back, or buffered when a transformation needs its body. Runs on the
/// downstream connection's event loop, as do its upstream connections.
final class ProxyExchange: UpstreamResponseReceiver {
    /// Why an attempt failed before a response began, with Envoy's reset reason.
    enum Failure: Equatable {
        case noHealthyUpstream
        case connectFailure
        case connectTimeout
        case connectionTermination
        case remoteReset
        case protocolError
        case perTryTimeout
        case timeout
        /// The cluster's circuit breaker allows no more requests in flight.
        case overflow

        var resetReason: String {
            switch self {
            case .connectFailure: "remote connection failure"
            case .connectTimeout: "connection timeout"
            case .protocolError: "protocol error"
            case .remoteReset: "remote reset"
            case .overflow: "overflow"
            default: "connection termination"
            }
        }

        /// Envoy's response flag.
        var flag: String {
            switch self {
            case .noHealthyUpstream: "UH"
            case .connectFailure, .connectTimeout: "UF"
            case .connectionTermination: "UC"
            case .remoteReset: "UR"
            case .protocolError: "UPE"
            case .perTryTimeout, .timeout: "UT"
            case .overflow: "UO"
            }
        }

        init(_ loss: UpstreamLoss) {
            self =
                switch loss {
                case .terminated: .connectionTermination
                case .protocolError: .protocolError
                case .remoteReset: .remoteReset
                }
        }
    }

    private unowned let handler: DownstreamHandler
    private let loop: EventLoopState
    private let listener: ServedListener
    private var routePlan: RoutePlan
    private var plan: ForwardPlan
    private var matcher: Int
    private let downstreamHead: HTTPRequestHead
    /// The request to send upstream, made at the start.
    private var upstreamHead: HTTPRequestHead
    /// What `upstreamHead` holds once it was sent for the last time.
    private static let sentHead = HTTPRequestHead(version: .http1_1, method: .GET, uri: "")
    private var selection: StagedTransformations.Selection?
    /// The request's headers after its transformations, for the response transformations.
    private var transformedRequestHeaders: HeaderMap?

    // The request body.
    /// Body parts not yet sent, or, while the body may be sent again (a retry), every part.
    private var body: [ByteBuffer] = []
    private var sentParts = 0
    private var bodyBytes = 0
    private var requestEnded = false
    private var requestTrailers: HTTPHeaders?
    /// The whole body is needed before anything is sent (a request transformation reads it).
    private var buffersWholeRequest = false
    /// The body is kept for retries; false once it outgrows the buffer limit.
    private var keepsBodyForRetry: Bool

    // The upstream.
    private var cluster: UpstreamCluster?
    private var balancer: LoadBalancer?
    private var endpointIndex: Int?
    private var connection: UpstreamConnection?
    private var attempt = 0
    private var upstreamStart: NIODeadline = .now()
    private var perTryTimer: Scheduled<Void>?
    private var retryTimer: Scheduled<Void>?

    // The response.
    private var responseStarted = false
    /// The response head and transformations while the response body is buffered for them.
    private var bufferedResponse: (head: HTTPResponseHead, transformations: [CompiledTransformation])?
    private var responseBody: ByteBuffer?
    private var finished = false

    init(
        handler: DownstreamHandler,
        listener: ServedListener,
        routePlan: RoutePlan,
        forwardPlan: ForwardPlan,
        matcher: Int,
        head: HTTPRequestHead,
        target: RequestTarget,
        generatedRequestID: String?
    ) {
        self.handler = handler
        loop = handler.loop
        self.listener = listener
        self.routePlan = routePlan
        plan = forwardPlan
        self.matcher = matcher
        downstreamHead = head
        keepsBodyForRetry = forwardPlan.retry != nil
        upstreamHead = HTTPRequestHead(version: .http1_1, method: head.method, uri: target.path)
        upstreamHead.headers = ForwardedHeaders.connectionManagerHeaders(
            of: head,
            authority: target.authority,
            clientAddress: handler.clientAddress,
            scheme: handler.scheme,
            settings: listener.settings,
            generatedRequestID: generatedRequestID
        )
        if let tracing = loop.tracing {
            handler.span = tracing.start(
                operation: routePlan.name ?? "\(head.method.rawValue) \(listener.name)",
                downstream: head,
                upstreamHeaders: &upstreamHead.headers
            )
        }
    }

    // MARK: The request

    func start() {
        if let transformations = routePlan.transformations {
            let headers = HeaderMaps.request(upstreamHead, scheme: handler.scheme)
            let selection = transformations.select(for: headers)
            self.selection = selection
            let requestTransformations = selection.requestTransformations
            if requestTransformations.contains(where: { !$0.passesBodyThrough }) {
                buffersWholeRequest = true
                return  // transformed at the end of the body
            }
            if !requestTransformations.isEmpty {
                guard transformRequest(body: nil) else { return }
            } else {
                transformedRequestHeaders = headers
            }
        }
        connect()
    }

    func requestBody(_ buffer: ByteBuffer) {
        guard !finished else { return }
        bodyBytes += buffer.readableBytes
        if buffersWholeRequest {
            guard bodyBytes <= listener.settings.bufferLimit else {
                fail(status: .payloadTooLarge, body: "Payload Too Large")
                return
            }
            body.append(buffer)
            return
        }
        body.append(buffer)
        if keepsBodyForRetry && bodyBytes > listener.settings.bufferLimit { keepsBodyForRetry = false }
        sendPendingBody(flush: true)
    }

    func requestEnd(trailers: HTTPHeaders?) {
        guard !finished else { return }
        requestEnded = true
        requestTrailers = trailers
        if buffersWholeRequest {
            buffersWholeRequest = false
            var whole = ByteBuffer()
            for part in body { whole.writeImmutableBuffer(part) }
            body = []
            guard transformRequest(body: whole) else { return }
            connect()
        } else if let connection {
            connection.write(.end(trailers), flush: true)
        }
        armTimeout()
    }

    /// Applies the request transformations; false when one failed and the request was answered.
    private func transformRequest(body whole: ByteBuffer?) -> Bool {
        guard let selection else { return true }
        var message = HTTPMessage(
            headers: HeaderMaps.request(upstreamHead, scheme: handler.scheme),
            body: whole.map { Array($0.readableBytesView) } ?? []
        )
        do {
            for transformation in selection.requestTransformations {
                try transformation.apply(to: &message, bodyLimit: listener.settings.bufferLimit)
            }
        } catch {
            fail(status: HTTPResponseStatus(statusCode: error.httpStatus), body: error.httpBody)
            return false
        }
        transformedRequestHeaders = message.headers
        upstreamHead = HeaderMaps.requestHead(message.headers, version: upstreamHead.version)
        if whole != nil {
            // The transformed body replaces the original; content-length now describes it.
            upstreamHead.headers.remove(name: "transfer-encoding")
            upstreamHead.headers.replaceOrAdd(name: "content-length", value: String(message.body.count))
            body = message.body.isEmpty ? [] : [ByteBuffer(bytes: message.body)]
            bodyBytes = message.body.count
        }
        return true
    }

    // MARK: Upstream attempts

    private func connect() {
        guard !finished else { return }
        guard let cluster = plan.target(random: loop.random.next()) else {
            fail(.noHealthyUpstream)
            return
        }
        let balancer = loop.balancer(for: cluster)
        let hash = plan.hash?.hash(headers: downstreamHead.headers, clientAddress: handler.clientAddress)
        guard let index = balancer.choose(random: &loop.random, hash: hash) else {
            fail(.noHealthyUpstream)
            return
        }
        guard balancer.load.startRequest(limit: cluster.circuitBreakers.maxRequests) else {
            fail(.overflow)
            return
        }
        self.cluster = cluster
        self.balancer = balancer
        endpointIndex = index
        balancer.started(index)
        attempt += 1
        handler.record.attempts = attempt
        let endpoint = cluster.endpoints[index]
        handler.record.upstreamHost = endpoint.address
        handler.record.upstreamCluster = cluster.name
        upstreamStart = .now()
        if !cluster.usesHttp2, let connection = loop.pool.idleConnection(to: endpoint) {
            connected(connection)
            return
        }
        loop.pool.newConnection(
            to: endpoint,
            connectTimeout: cluster.connectTimeout,
            tls: cluster.tls,
            http2: cluster.usesHttp2,
            maxRequests: cluster.maxRequestsPerConnection
        ) { [self] result in
            switch result {
            case .success(let connection): connected(connection)
            case .failure(ChannelError.connectTimeout): attemptFailed(.connectTimeout)
            case .failure: attemptFailed(.connectFailure)
            }
        }
    }

    private func connected(_ connection: UpstreamConnection) {
        guard !finished else {
            loop.pool.release(connection, maxRequests: cluster?.maxRequestsPerConnection ?? 0)
            return
        }
        self.connection = connection
        connection.begin(self)
        var head = upstreamHead
        // Without retries the request is sent once: handing its head over spares copying its headers.
        if plan.retry == nil { upstreamHead = Self.sentHead }
        ForwardedHeaders.applyRouterHeaders(
            to: &head,
            plan: plan,
            routePlan: routePlan,
            matcher: matcher,
            endpoint: connection.endpoint,
            expectedTimeout: plan.retry?.perTryTimeout ?? (attempt == 1 ? plan.timeout : remainingTimeout)
        )
        connection.write(.head(head), flush: false)
        sentParts = 0
        sendPendingBody(flush: !requestEnded)
        if requestEnded { connection.write(.end(requestTrailers), flush: true) }
        if let perTry = plan.retry?.perTryTimeout, requestEnded {
            perTryTimer = loop.eventLoop.assumeIsolated().scheduleTask(in: perTry) { [weak self] in
                self?.attemptFailed(.perTryTimeout)
            }
        }
    }

    /// Writes the body parts not yet written to the current connection; pauses reading from the client when
    /// the upstream cannot take more.
    private func sendPendingBody(flush: Bool) {
        guard let connection else { return }
        while sentParts < body.count {
            connection.write(.body(.byteBuffer(body[sentParts])), flush: false)
            sentParts += 1
        }
        if !keepsBodyForRetry {
            body.removeAll(keepingCapacity: true)
            sentParts = 0
        }
        if flush { connection.flush() }
        if !connection.isWritable { handler.pauseReads() }
    }

    func upstreamWritabilityChanged(_ writable: Bool) {
        if writable { handler.resumeReads() } else { handler.pauseReads() }
    }

    /// Starts the route's timeout, which runs from the end of the request to the end of the response (on the
    /// connection's timer, which ``routeTimedOut()`` calls back).
    private func armTimeout() {
        guard let timeout = plan.timeout, timeoutDeadline == nil else { return }
        let deadline = NIODeadline.now() + timeout
        timeoutDeadline = deadline
        handler.armRouteTimeout(of: self, at: deadline)
    }

    func routeTimedOut() {
        guard !finished else { return }
        retry = false
        attemptFailed(.timeout)
    }

    private var retry = true
    /// Whether any attempt was retried (Envoy's `URX` flag and `retried and the latest reset reason`).
    private var retried = false
    private var timeoutDeadline: NIODeadline?

    /// What is left of the route's timeout (all of it before the request has ended); nil when it is disabled.
    private var remainingTimeout: TimeAmount? {
        guard let timeout = plan.timeout else { return nil }
        return timeoutDeadline.map { $0 - .now() } ?? timeout
    }

    /// An attempt failed before a response began: retried when the policy allows, else answered.
    private func attemptFailed(_ failure: Failure) {
        guard !finished else { return }
        perTryTimer?.cancel()
        perTryTimer = nil
        if let index = endpointIndex, failure != .noHealthyUpstream {
            balancer?.recordOutcome(index, failed: true, random: &loop.random)
        }
        releaseUpstream(reusable: false)
        if !responseStarted, retry, mayRetry(after: failure), reserveRetry() {
            scheduleRetry()
            return
        }
        fail(failure)
    }

    private func mayRetry(after failure: Failure) -> Bool {
        guard let policy = plan.retry, attempt <= policy.numRetries, canSendAgain else { return false }
        switch failure {
        case .connectFailure, .connectTimeout: return policy.retriesConnectFailure
        case .connectionTermination, .remoteReset, .protocolError: return policy.retriesReset
        case .perTryTimeout: return policy.retriesPerTryTimeout
        case .timeout, .noHealthyUpstream, .overflow: return false
        }
    }

    /// Takes a retry slot of the cluster's circuit breaker (giving back the one an earlier retry held, as
    /// Envoy's retry state does); false, and the request flagged `UO`, when the cluster has too many retries.
    private func reserveRetry() -> Bool {
        retrySlot?.endRetry()
        retrySlot = nil
        guard let cluster, let load = balancer?.load else { return false }
        guard load.startRetry(limit: cluster.circuitBreakers.maxRetries) else {
            retryOverflowed = true
            return false
        }
        retrySlot = load
        return true
    }

    /// The cluster whose retry slot this request holds.
    private var retrySlot: ClusterLoad?
    /// A retry was refused by the circuit breaker (Envoy's `UO` flag).
    private var retryOverflowed = false

    /// Whether the request can be sent again: its whole body was kept.
    private var canSendAgain: Bool { keepsBodyForRetry && !buffersWholeRequest }

    private func scheduleRetry() {
        guard let policy = plan.retry else { return }
        retried = true
        let wait = policy.backOff(attempt: attempt, random: loop.random.next())
        retryTimer = loop.eventLoop.assumeIsolated().scheduleTask(in: wait) { [weak self] in
            guard let self, !self.finished else { return }
            self.connect()
        }
    }

    private func releaseUpstream(reusable: Bool) {
        if let index = endpointIndex {
            balancer?.finished(index)
            balancer?.load.endRequest()
        }
        endpointIndex = nil
        guard let connection else { return }
        self.connection = nil
        if reusable && requestEnded {
            loop.pool.release(connection, maxRequests: cluster?.maxRequestsPerConnection ?? 0)
        } else {
            connection.abandon()
            connection.channel?.close(promise: nil)
        }
    }

    // MARK: The response

    func upstreamResponseHead(_ head: HTTPResponseHead) {
        guard !finished else { return }
        perTryTimer?.cancel()
        perTryTimer = nil
        let status = Int(head.status.code)
        if let index = endpointIndex { balancer?.recordOutcome(index, failed: status >= 500, random: &loop.random) }
        if let policy = plan.retry, retry, policy.retries(status: status), attempt <= policy.numRetries,
            canSendAgain, requestEnded, reserveRetry()
        {
            releaseUpstream(reusable: false)
            scheduleRetry()
            return
        }
        handler.record.upstreamServiceTime = .now() - upstreamStart
        var response = HTTPResponseHead(version: downstreamHead.version, status: head.status)
        response.headers = ForwardedHeaders.responseHeaders(
            from: head.headers,
            serverName: listener.settings.serverName
        )
        response.headers.add(
            name: "x-envoy-upstream-service-time",
            value: String((.now() - upstreamStart).nanoseconds / 1_000_000)
        )
        routePlan.responseHeaders.apply(to: &response.headers)
        if let selection {
            let transformations = selection.responseTransformations(for: HeaderMaps.response(response))
            if !transformations.isEmpty {
                bufferedResponse = (response, transformations)
                responseBody = ByteBuffer()
                return
            }
        }
        responseStarted = true
        handler.writeResponseHead(response)
    }

    func upstreamResponseBody(_ buffer: ByteBuffer) {
        guard !finished else { return }
        if bufferedResponse != nil {
            responseBody?.writeImmutableBuffer(buffer)
            if (responseBody?.readableBytes ?? 0) > listener.settings.bufferLimit {
                releaseUpstream(reusable: false)
                fail(status: .internalServerError, body: "Internal Server Error")
            }
            return
        }
        handler.writeResponseBody(buffer)
        if !handler.isWritable { connection?.pauseReading(true) }
    }

    func downstreamWritabilityChanged(_ writable: Bool) {
        connection?.pauseReading(!writable)
    }

    func upstreamResponseEnd(trailers: HTTPHeaders?) {
        guard !finished else { return }
        handler.disarmRouteTimeout(of: self)
        releaseUpstream(reusable: true)
        var trailers = trailers
        if let (head, transformations) = bufferedResponse {
            // A transformed response is answered whole, without trailers.
            trailers = nil
            bufferedResponse = nil
            var message = HTTPMessage(
                headers: HeaderMaps.response(head),
                body: responseBody.map { Array($0.readableBytesView) } ?? []
            )
            do {
                for transformation in transformations {
                    try transformation.apply(
                        to: &message,
                        requestHeaders: transformedRequestHeaders,
                        bodyLimit: listener.settings.bufferLimit
                    )
                }
            } catch {
                fail(status: HTTPResponseStatus(statusCode: error.httpStatus), body: error.httpBody)
                return
            }
            var response = HeaderMaps.responseHead(message.headers, version: downstreamHead.version)
            response.headers.remove(name: "transfer-encoding")
            response.headers.replaceOrAdd(name: "content-length", value: String(message.body.count))
            responseStarted = true
            handler.writeResponseHead(response)
            if !message.body.isEmpty && downstreamHead.method != .HEAD {
                handler.writeResponseBody(ByteBuffer(bytes: message.body))
            }
        }
        finish()
        handler.writeResponseEnd(trailers: trailers)
    }

    func upstreamConnectionLost(_ loss: UpstreamLoss) {
        guard !finished else { return }
        connection = nil
        if responseStarted {
            handler.record.responseFlags = Failure(loss).flag
            finish()
            handler.reset()
        } else {
            attemptFailed(Failure(loss))
        }
    }

    // MARK: Endings

    /// The client went away: the upstream request is abandoned.
    func downstreamClosed() {
        guard !finished else { return }
        handler.record.responseFlags = "DC"
        releaseUpstream(reusable: false)
        finish()
    }

    private func fail(_ failure: Failure) {
        let status: HTTPResponseStatus =
            switch failure {
            case .protocolError: .badGateway
            case .timeout, .perTryTimeout: .gatewayTimeout
            default: .serviceUnavailable
            }
        handler.record.responseFlags = retried ? "URX," + failure.flag : failure.flag
        if retryOverflowed { handler.record.responseFlags += ",UO" }
        let body: String
        switch failure {
        case .noHealthyUpstream: body = "no healthy upstream"
        case .timeout, .perTryTimeout: body = "upstream request timeout"
        default:
            body =
                "upstream connect error or disconnect/reset before headers. "
                + (retried ? "retried and the latest reset reason: " : "reset reason: ") + failure.resetReason
        }
        var headers = HTTPHeaders()
        // As Envoy's router marks answers its circuit breakers gave.
        if failure == .overflow { headers.add(name: "x-envoy-overloaded", value: "true") }
        fail(status: status, body: body, headers: headers)
    }

    /// Answers the request locally, unless a response already began (then the connection is reset).
    private func fail(status: HTTPResponseStatus, body text: String, headers: HTTPHeaders = HTTPHeaders()) {
        guard !finished else { return }
        releaseUpstream(reusable: false)
        finish()
        if responseStarted {
            handler.reset()
            return
        }
        handler.localReply(
            status: status,
            body: ByteBuffer(string: text),
            head: downstreamHead,
            route: routePlan,
            headers: headers
        )
    }

    private func finish() {
        finished = true
        retrySlot?.endRetry()
        retrySlot = nil
        handler.disarmRouteTimeout(of: self)
        perTryTimer?.cancel()
        retryTimer?.cancel()
        body = []
    }
}
