import Instrumentation
import NIOHTTP1
import ServiceContextModule
import Tracing

/// A server span per forwarded request, through swift-distributed-tracing: the trace context comes from the
/// request's headers and goes on in the upstream request's, in whatever format the tracer propagates (W3C
/// `traceparent` with swift-otel). Without a tracer nothing is done.
struct RequestTracing: Sendable {
    let tracer: any Tracer

    /// Starts the span of a request and writes its context into `upstreamHeaders`.
    func start(
        operation: String,
        downstream head: HTTPRequestHead,
        upstreamHeaders: inout HTTPHeaders
    ) -> any Span {
        var context = ServiceContext.topLevel
        tracer.extract(head.headers, into: &context, using: HeaderExtractor())
        let span = tracer.startAnySpan(operation, context: context, ofKind: .server)
        span.attributes["http.request.method"] = head.method.rawValue
        span.attributes["url.path"] = head.uri
        tracer.inject(span.context, into: &upstreamHeaders, using: HeaderInjector())
        return span
    }

    /// Ends `span` with the response's status (an error status for 5xx, as OpenTelemetry's HTTP conventions say).
    static func end(_ span: any Span, status: Int, upstream: String?) {
        span.attributes["http.response.status_code"] = status
        if let upstream { span.attributes["server.address"] = upstream }
        if status >= 500 || status == 0 { span.setStatus(SpanStatus(code: .error)) }
        span.end()
    }
}

private struct HeaderExtractor: Extractor {
    func extract(key: String, from carrier: HTTPHeaders) -> String? { carrier.first(name: key) }
}

private struct HeaderInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout HTTPHeaders) {
        carrier.replaceOrAdd(name: key, value: value)
    }
}
