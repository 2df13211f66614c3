import GatewayRouting
import NIOCore
import NIOHTTP1
import Tracing

/// Serves the HTTP/1.1 requests of one downstream connection, one at a time (a pipelined request waits, and
/// reading stops, until the current response has ended): routes each, answers locally or hands it to a
/// ``ProxyExchange``, and enforces the connection's timeouts.
final class DownstreamHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let slot: ListenerSlot
    let loop: EventLoopState
    private let registry: ConnectionRegistry
    private let observer: any RequestObserver
    private(set) var context: ChannelHandlerContext?
    /// The peer's IP address, for `x-forwarded-for`.
    private(set) var clientAddress: String?

    /// The request being received: its exchange when it is forwarded, and whether a response has begun.
    private var exchange: ProxyExchange?
    private var requestInProgress = false
    private var responseInProgress = false
    /// The response already ended before the request did; the rest of the request is discarded.
    private var closeAfterResponse = false
    /// The request came on an HTTP/2 stream (which carries one request, and ends by itself when both sides did).
    private var onStream = false
    private var draining = false
    /// How much more of a body the client may still send after its response ended, before the connection closes.
    private var discardedBodyBudget = 0

    private var readsPaused = false
    private var readWanted = false
    /// What arrived after a request while its response was still going out: the next requests, or a parse
    /// error. Reading stops until they are served, in order. (NIO's pipelining handler does the same, but also
    /// stops reading for every response, which costs two `epoll_ctl` calls per request.)
    private var pipelined = CircularBuffer<PipelinedEvent>()
    private var deliveringPipelined = false

    private enum PipelinedEvent {
        case part(HTTPServerRequestPart)
        case error(HTTPParserError)

        /// Whether it waits for the response before it (a request head, or an error answered as a request).
        var startsRequest: Bool {
            switch self {
            case .part(.head), .error: true
            case .part: false
            }
        }
    }

    /// Closes the connection when it has had no request for the idle timeout.
    private lazy var idleTimer = LazyTimer(eventLoop: loop.eventLoop) { [unowned self] in
        guard let context, !requestInProgress, !responseInProgress else { return }
        context.close(promise: nil)
    }
    /// Runs from a request's first byte to its complete head: Envoy's `requestHeadersTimeout`, else the stream
    /// idle timeout, answered 408.
    private lazy var headTimer = LazyTimer(eventLoop: loop.eventLoop) { [unowned self] in
        headTimedOut(body: settings.requestHeadersTimeout != nil ? "request header timeout" : "stream timeout")
    }
    /// The route timeout of the current exchange, kept here so that keep-alive requests share one timer.
    private lazy var exchangeTimer = LazyTimer(eventLoop: loop.eventLoop) { [unowned self] in
        exchange?.routeTimedOut()
    }
    private let detector: RequestStartDetector
    /// `https` on a listener that terminates TLS, else `http`.
    let scheme: String
    private var settings: ConnectionSettings

    init(
        slot: ListenerSlot,
        loop: EventLoopState,
        registry: ConnectionRegistry,
        observer: any RequestObserver,
        detector: RequestStartDetector,
        scheme: String
    ) {
        self.scheme = scheme
        self.slot = slot
        self.loop = loop
        self.registry = registry
        self.observer = observer
        self.detector = detector
        settings = slot.current.settings
        detector.onFirstByte = { [unowned self] in self.requestStarted() }
    }

    /// The first byte of a request arrived: its head must be complete within the timeout.
    private func requestStarted() {
        guard context != nil, !requestInProgress,
            let limit = settings.requestHeadersTimeout ?? settings.streamIdleTimeout
        else { return }
        headTimer.arm(in: limit)
    }

    /// Answers 408 before the request head is complete, bypassing the HTTP encoder (there is no request to
    /// answer as far as it knows), and closes.
    private func headTimedOut(body: String) {
        guard let context, !requestInProgress, !responseInProgress else { return }
        record = RequestRecord()
        recordOpen = true
        record.status = 408
        record.bytesSent = body.utf8.count
        var via = ""
        if let value = settings.via { via = "via: \(value)\r\n" }
        let response =
            "HTTP/1.1 408 Request Timeout\r\ncontent-length: \(body.utf8.count)\r\ncontent-type: text/plain\r\n"
            + "date: \(loop.date.now())\r\nserver: \(settings.serverName)\r\n\(via)connection: close\r\n\r\n\(body)"
        completeRecord()
        detector.writeRawAndClose(context.channel.allocator.buffer(string: response))
    }

    // MARK: Connection lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        clientAddress = context.channel.remoteAddress?.ipAddress
        if context.channel.isActive { connectionOpened(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        connectionOpened(context: context)
        context.fireChannelActive()
    }

    private var registered = false

    private func connectionOpened(context: ChannelHandlerContext) {
        guard !registered else { return }
        registered = true
        guard registry.opened(context.channel) else {
            context.close(promise: nil)
            return
        }
        armIdleTimer()
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTimer.cancel()
        headTimer.cancel()
        exchangeTimer.cancel()
        faultTimer?.cancel()
        exchange?.downstreamClosed()
        exchange = nil
        registry.closed(context.channel)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is DrainEvent {
            draining = true
            if !requestInProgress && !responseInProgress { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Starts the idle timeout; the next bytes start a request.
    private func armIdleTimer() {
        detector.expectRequest()
        guard context != nil, let limit = settings.idleTimeout else {
            idleTimer.disarm()
            return
        }
        idleTimer.arm(in: limit)
    }

    /// Starts (or moves) the route timeout of `exchange`, the current one.
    func armRouteTimeout(of exchange: ProxyExchange, at deadline: NIODeadline) {
        guard exchange === self.exchange else { return }
        exchangeTimer.arm(at: deadline)
    }

    func disarmRouteTimeout(of exchange: ProxyExchange) {
        guard exchange === self.exchange else { return }
        exchangeTimer.disarm()
    }

    // MARK: Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if case .head = part, waitsForResponse {
            pipelined.append(.part(part))
        } else if !pipelined.isEmpty {
            pipelined.append(.part(part))
        } else {
            receive(part)
        }
    }

    /// Whether the current request has ended and its response has not: the next request must wait.
    private var waitsForResponse: Bool { responseInProgress && !requestInProgress }

    private func receive(_ part: HTTPServerRequestPart) {
        switch part {
        case .head(let head):
            idleTimer.disarm()
            headTimer.disarm()
            requestInProgress = true
            responseInProgress = true
            closeAfterResponse = draining || !head.isKeepAlive
            onStream = head.version.major == 2
            start(head)
        case .body(let buffer):
            record.bytesReceived += buffer.readableBytes
            handle(.body(buffer))
        case .end(let trailers):
            handle(.end(trailers))
        }
    }

    /// A part of the request after its head: held while a fault delays it, else passed to the exchange (or
    /// dropped, when the request was answered already).
    private func handle(_ part: HTTPServerRequestPart) {
        if heldParts != nil {
            heldParts?.append(part)
            return
        }
        switch part {
        case .head:
            break
        case .body(let buffer):
            if let exchange {
                exchange.requestBody(buffer)
            } else if !responseInProgress {
                discardedBodyBudget -= buffer.readableBytes
                if discardedBodyBudget < 0 { context?.close(promise: nil) }
            }
        case .end(let trailers):
            requestInProgress = false
            exchange?.requestEnd(trailers: trailers)
            if !responseInProgress { requestAndResponseDone() }
        }
    }

    private func start(_ head: HTTPRequestHead) {
        let listener = slot.current
        settings = listener.settings
        record = RequestRecord()
        recordOpen = true
        corsHeaders = []
        record.startWallClock = loop.wallClock()
        record.method = head.method.rawValue
        record.path = head.uri
        record.protocolVersion = "HTTP/\(head.version.major).\(head.version.minor)"
        record.authority = head.headers.first(name: "host")
        record.userAgent = head.headers.first(name: "user-agent")
        record.forwardedFor = head.headers.first(name: "x-forwarded-for")
        record.requestID = head.headers.first(name: "x-request-id")
        record.listener = listener.name
        let generatedRequestID = ForwardedHeaders.newRequestID(
            for: head,
            settings: listener.settings,
            random: &loop.random
        )
        if let generatedRequestID { record.requestID = generatedRequestID }
        guard let request = admit(head, settings: listener.settings) else { return }
        let routed = RouteRequest(
            method: head.method.rawValue,
            path: request.path,
            authority: request.authority,
            scheme: scheme,
            headers: head.headers.compactMap { name, value in
                name.utf8.count == 4 && name.lowercased() == "host" ? nil : RouteRequest.Header(name, value)
            }
        )
        guard let (plan, matcher) = listener.plan(for: routed) else {
            record.responseFlags = "NR"
            localReply(status: .notFound, body: nil, head: head, route: nil)
            return
        }
        let act = { [unowned self] in
            self.act(
                on: plan,
                matcher: matcher,
                head: head,
                request: request,
                listener: listener,
                id: generatedRequestID
            )
        }
        // The fault filter runs first: a delay holds the request (its body waits with it), then an abort answers it.
        guard let faults = plan.faults, let delay = faults.delay(random: &loop.random), let context else {
            act()
            return
        }
        record.responseFlags = "DI"
        heldParts = []
        faultTimer = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [weak self] in
            guard let self else { return }
            act()
            let held = self.heldParts ?? []
            self.heldParts = nil
            for part in held { self.handle(part) }
        }
    }

    /// The CORS headers the current response gets (its request came from an allowed origin).
    private var corsHeaders: [(String, String)] = []

    /// Request parts that arrived while a fault delay held the request.
    private var heldParts: [HTTPServerRequestPart]?
    private var faultTimer: Scheduled<Void>?

    /// What the route says to do with the request, once any fault delay is over.
    private func act(
        on plan: RoutePlan,
        matcher: Int,
        head: HTTPRequestHead,
        request: RequestTarget,
        listener: ServedListener,
        id generatedRequestID: String?
    ) {
        if let cors = plan.cors, let origin = head.headers.first(name: "origin"), cors.allows(origin) {
            if head.method == .OPTIONS && head.headers.contains(name: "access-control-request-method") {
                // A preflight from an allowed origin: answered here, the upstream never sees it.
                localReply(
                    status: .ok,
                    body: nil,
                    head: head,
                    route: nil,
                    headers: cors.preflightHeaders(origin: origin)
                )
                return
            }
            corsHeaders = cors.responseHeaders(origin: origin)
        }
        if let abort = plan.faults?.abort(random: &loop.random) {
            record.responseFlags = record.responseFlags == "DI" ? "DI,FI" : "FI"
            localReply(status: abort, body: ByteBuffer(string: "fault filter abort"), head: head, route: plan)
            return
        }
        switch plan.action {
        case .directResponse(let status, let body):
            localReply(status: status, body: body, head: head, route: plan)
        case .redirect(let redirect):
            var headers = HTTPHeaders()
            headers.add(
                name: "location",
                value: redirect.location(
                    scheme: scheme,
                    authority: request.authority ?? "",
                    path: request.path,
                    matcher: matcher
                )
            )
            localReply(status: redirect.status, body: nil, head: head, route: plan, headers: headers)
        case .unavailable(let status, let body):
            localReply(status: status, body: body.isEmpty ? nil : ByteBuffer(string: body), head: head, route: plan)
        case .forward(let forward):
            exchange = ProxyExchange(
                handler: self,
                listener: listener,
                routePlan: plan,
                forwardPlan: forward,
                matcher: matcher,
                head: head,
                target: request,
                generatedRequestID: generatedRequestID
            )
            exchange?.start()
        }
    }

    /// The request's target, normalised, or nil when the request was answered as Envoy's connection manager
    /// answers it: 426 for HTTP/1.0 (unless accepted), 400 for a bad target or a missing `Host`.
    private func admit(_ head: HTTPRequestHead, settings: ConnectionSettings) -> RequestTarget? {
        func refuse(_ status: HTTPResponseStatus, _ body: String?) -> RequestTarget? {
            record.responseFlags = "DPE"
            localReply(status: status, body: body.map { ByteBuffer(string: $0) }, head: head, route: nil, close: true)
            return nil
        }
        if head.version.major == 1 && head.version.minor == 0 && !settings.acceptHttp10 {
            return refuse(.upgradeRequired, "Upgrade Required")
        }
        guard head.method != .CONNECT, var target = RequestTarget(head), !target.path.contains("#") else {
            return refuse(.badRequest, "Bad Request")
        }
        if Self.headSize(head) > settings.maxRequestHeadersBytes {
            return refuse(.requestHeaderFieldsTooLarge, "Request Header Fields Too Large")
        }
        // Only `chunked` frames a request body; any other transfer coding is refused, so that no body can be
        // read two ways.
        if head.headers[canonicalForm: "transfer-encoding"].contains(where: { $0.lowercased() != "chunked" }) {
            return refuse(.notImplemented, "Not Implemented")
        }
        if target.authority == nil {
            guard head.version.minor == 0, let host = settings.defaultHostForHttp10 else {
                return refuse(.badRequest, nil)
            }
            target.authority = host
        }
        if settings.normalizePath {
            guard let normalized = PathNormalization.normalize(target.path, mergeSlashes: settings.mergeSlashes) else {
                return refuse(.badRequest, "Bad Request")
            }
            target.path = normalized
        }
        if head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
            // Envoy answers the expectation itself and sends the request on without it.
            context?.writeAndFlush(
                wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))),
                promise: nil
            )
        }
        return target
    }

    /// The size of the request head as sent: request line, header lines and the blank line, which Envoy's
    /// `maxRequestHeadersKb` limits.
    static func headSize(_ head: HTTPRequestHead) -> Int {
        var size = head.method.rawValue.utf8.count + head.uri.utf8.count + 12
        for (name, value) in head.headers { size += name.utf8.count + value.utf8.count + 4 }
        return size + 2
    }

    // MARK: Writing

    /// Answers the current request from the gateway itself: Envoy's local replies carry `content-type:
    /// text/plain` when they have a body, and the route's response headers.
    func localReply(
        status: HTTPResponseStatus,
        body: ByteBuffer?,
        head: HTTPRequestHead,
        route: RoutePlan?,
        headers extra: HTTPHeaders = HTTPHeaders(),
        close: Bool = false
    ) {
        var headers = extra
        if let body {
            headers.add(name: "content-length", value: String(body.readableBytes))
            headers.add(name: "content-type", value: "text/plain")
        }
        route?.responseHeaders.apply(to: &headers)
        if close { closeAfterResponse = true }
        // Without a body, Envoy's local replies carry `content-length: 0` last (and 1xx/204 none at all).
        let emptyLength = body == nil && status.code >= 200 && status != .noContent
        writeResponseHead(
            HTTPResponseHead(version: head.version, status: status, headers: headers),
            emptyBodyLength: emptyLength
        )
        if let body, head.method != .HEAD { writeResponseBody(body) }
        writeResponseEnd()
    }

    func localReply(status: HTTPResponseStatus, body: String, head: HTTPRequestHead, route: RoutePlan?) {
        localReply(status: status, body: body.isEmpty ? nil : ByteBuffer(string: body), head: head, route: route)
    }

    /// Writes a response head, with the headers every response gets, as Envoy appends them: `date` (unless the
    /// upstream sent one), `server`, `via`, and `connection` when it matters.
    func writeResponseHead(_ head: HTTPResponseHead, emptyBodyLength: Bool = false) {
        guard let context else { return }
        var head = head
        for (name, value) in corsHeaders { head.headers.add(name: name, value: value) }
        corsHeaders = []
        if !head.headers.contains(name: "date") { head.headers.add(name: "date", value: loop.date.now()) }
        if !head.headers.contains(name: "server") { head.headers.add(name: "server", value: settings.serverName) }
        if let via = settings.via { head.headers.add(name: "via", value: via) }
        if closeAfterResponse {
            head.headers.replaceOrAdd(name: "connection", value: "close")
        } else if head.version == .http1_0 {
            head.headers.replaceOrAdd(name: "connection", value: "keep-alive")
        }
        if emptyBodyLength { head.headers.add(name: "content-length", value: "0") }
        record.status = Int(head.status.code)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
    }

    func writeResponseBody(_ buffer: ByteBuffer) {
        guard let context else { return }
        record.bytesSent += buffer.readableBytes
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
    }

    /// Ends the response (with the upstream's trailers, if any); the connection closes when the request asked for
    /// it or the server drains. A request whose body is still arriving has the rest of it read and dropped (up to
    /// the buffer limit; beyond, the connection closes).
    func writeResponseEnd(trailers: HTTPHeaders? = nil) {
        guard let context else { return }
        exchange = nil
        responseInProgress = false
        if requestInProgress { discardedBodyBudget = settings.bufferLimit }
        // Recorded before the last bytes go out, so that whoever reads the metrics after the response sees it.
        completeRecord()
        // A stream whose request is still arriving is left to end with it: closing it would reset it (CANCEL),
        // which gRPC clients report as a cancelled call although the answer came whole.
        let close = (closeAfterResponse || draining) && !(onStream && requestInProgress)
        if close {
            context.writeAndFlush(wrapOutboundOut(.end(trailers))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(trailers)), promise: nil)
        }
        if !requestInProgress { requestAndResponseDone() }
    }

    /// Aborts the connection: a response that began cannot be completed.
    func reset() {
        exchange = nil
        completeRecord()
        context?.close(promise: nil)
    }

    /// The record of the request being answered; the exchange adds the upstream's part.
    var record = RequestRecord()
    private var recordOpen = false

    /// The span of the forwarded request, ended with its record.
    var span: (any Span)?

    private func completeRecord() {
        guard recordOpen else { return }
        recordOpen = false
        record.duration = .now() - record.start
        observer.requestCompleted(record)
        if let span {
            self.span = nil
            RequestTracing.end(span, status: record.status, upstream: record.upstreamHost)
        }
    }

    private func requestAndResponseDone() {
        if draining || closeAfterResponse {
            pipelined.removeAll()
            return
        }
        armIdleTimer()
        deliverPipelined()
    }

    /// Serves what waited for the last response, up to the next request that has to wait in turn; reads again
    /// once nothing waits.
    private func deliverPipelined() {
        // A request answered at once ends its response inside `receive`, which comes back here: the outer call
        // carries on, so that a long run of pipelined requests does not nest.
        guard !deliveringPipelined else { return }
        deliveringPipelined = true
        defer { deliveringPipelined = false }
        while let next = pipelined.first, context != nil, !closeAfterResponse, !draining {
            if next.startsRequest, responseInProgress || requestInProgress { return }
            pipelined.removeFirst()
            switch next {
            case .part(let part): receive(part)
            case .error(let error): answer(error)
            }
        }
        if pipelined.isEmpty, readWanted, !readsPaused, let context {
            readWanted = false
            context.read()
        }
    }

    var isWritable: Bool { context?.channel.isWritable ?? false }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        exchange?.downstreamWritabilityChanged(context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    // MARK: Back-pressure

    /// Stops reading from the client (the upstream cannot take more yet).
    func pauseReads() { readsPaused = true }

    func resumeReads() {
        guard readsPaused else { return }
        readsPaused = false
        if readWanted, pipelined.isEmpty, let context {
            readWanted = false
            context.read()
        }
    }

    func read(context: ChannelHandlerContext) {
        if readsPaused || !pipelined.isEmpty {
            readWanted = true
        } else {
            context.read()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError else {
            context.close(promise: nil)
            return
        }
        // Bytes after a complete request that do not parse are answered after its response, in turn.
        if waitsForResponse || !pipelined.isEmpty {
            pipelined.append(.error(parseError))
            return
        }
        answer(parseError)
    }

    /// A request that cannot be parsed is answered, if nothing was answered yet, and the connection closed.
    private func answer(_ parseError: HTTPParserError) {
        guard !responseInProgress else {
            context?.close(promise: nil)
            return
        }
        let status: HTTPResponseStatus = parseError == .headerOverflow ? .requestHeaderFieldsTooLarge : .badRequest
        let body = ByteBuffer(string: status == .badRequest ? "Bad Request" : "Request Header Fields Too Large")
        var headers = HTTPHeaders()
        headers.add(name: "content-length", value: String(body.readableBytes))
        headers.add(name: "content-type", value: "text/plain")
        closeAfterResponse = true
        responseInProgress = true
        requestInProgress = false
        record = RequestRecord()
        recordOpen = true
        writeResponseHead(HTTPResponseHead(version: .http1_1, status: status, headers: headers))
        writeResponseBody(body)
        writeResponseEnd()
    }
}

/// The target of a request: its path (with the query) and authority, from an origin-form or absolute-form
/// request line.
struct RequestTarget: Sendable {
    var path: String
    var authority: String?

    /// nil for a target that is neither `/…` nor `http(s)://authority/…` (and not `*` for OPTIONS).
    init?(_ head: HTTPRequestHead) {
        let uri = head.uri
        let host = head.headers.first(name: "host")
        if uri.utf8.first == UInt8(ascii: "/") {
            path = uri
            authority = host
            return
        }
        if uri == "*" && head.method == .OPTIONS {
            path = uri
            authority = host
            return
        }
        for scheme in ["http://", "https://"] where uri.utf8.count > scheme.utf8.count {
            guard uri.lowercased().hasPrefix(scheme) else { continue }
            let rest = uri.dropFirst(scheme.count)
            let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            authority = String(rest[..<slash])
            let remainder = rest[slash...]
            path = remainder.first == "/" ? String(remainder) : "/" + remainder
            return
        }
        return nil
    }
}
