import GatewayModel
import NIOCore
import NIOEmbedded
import NIOHTTP1

@testable import GatewayProxy

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Input: raw bytes a client sends on one connection, in up to four writes (split at 0x00 bytes, which are
// dropped). They go through the data plane's real pipeline — protocol detection, NIO's HTTP/1.1 codec, the
// request-start detector and the downstream handler — on an embedded channel, with a configuration of direct
// responses, redirects and a forwarded route whose upstream cannot be reached. The path normaliser also sees
// every input as a path.
//
// Checked: nothing traps; what the server writes back is a sequence of HTTP/1.1 responses (each starts with a
// status line); a normalised path starts with `/` and normalising it again changes nothing.

#if GATEWAY_FUZZ
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzCase(Array(UnsafeBufferPointer(start: data, count: size))).run()
    return 0
}
#else
/// Without `-DGATEWAY_FUZZ` (a plain `swift build`) this target is a replayer of the files given on the
/// command line, without sanitizers. `Scripts/fuzz --target proxy` builds the libFuzzer entry point instead.
@main
enum GatewayProxyFuzzReplay {
    static func main() throws {
        let paths = CommandLine.arguments.dropFirst()
        for path in paths {
            FuzzCase([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))).run()
        }
        print("replayed \(paths.count) input(s)")
    }
}
#endif

/// The configuration every input is served with. It is compiled for each input rather than kept in a global:
/// LeakSanitizer cannot follow the references Swift packs into enum payloads, and reports whatever a global holds
/// that way as leaked at exit.
func makeListener() -> ServedListener {
    let yaml = """
        apiVersion: gateway.solo.io/v1
        kind: VirtualService
        metadata: {name: fuzz, namespace: default}
        spec:
          virtualHost:
            domains: ['*']
            routes:
              - matchers: [{exact: /hello}]
                directResponseAction: {status: 200, body: "hello"}
              - matchers: [{prefix: /old}]
                redirectAction: {hostRedirect: example.com, prefixRewrite: /new, stripQuery: true}
              - matchers: [{prefix: /api}]
                routeAction: {single: {upstream: {name: nowhere, namespace: default}}}
                options:
                  prefixRewrite: /
                  stagedTransformations:
                    regular:
                      requestTransforms:
                        - requestTransformation: {transformationTemplate: {body: {text: '{{ a }}'}}}
              - matchers: [{regex: '/r[0-9]+'}]
                directResponseAction: {status: 418}
        ---
        apiVersion: gloo.solo.io/v1
        kind: Upstream
        metadata: {name: nowhere, namespace: default}
        spec: {static: {hosts: [{addr: 127.0.0.1, port: 1}]}}
        ---
        apiVersion: gateway.solo.io/v1
        kind: Gateway
        metadata: {name: fuzz, namespace: default}
        spec: {bindAddress: 127.0.0.1, bindPort: 8080, httpGateway: {}}
        """
    var loader = ResourceLoader()
    do {
        try loader.load(yaml, file: "fuzz.yaml")
    } catch {
        fatalError("the fuzz configuration does not load: \(error)")
    }
    let built = ProxyBuilder().build(loader.resources, reports: loader.reports)
    let configuration = DataPlaneConfiguration(
        proxies: built.preservingLastValid(from: []),
        resources: loader.resources
    )
    guard let listener = configuration.listeners.first else { fatalError("no listener: \(configuration.problems)") }
    return listener
}

struct FuzzCase {
    let writes: [[UInt8]]
    let whole: [UInt8]

    init(_ bytes: [UInt8]) {
        whole = bytes
        writes = Array(bytes.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false).map(Array.init))
    }

    func run() {
        checkPathNormalization()
        serve()
    }

    private func checkPathNormalization() {
        let path = String(decoding: whole.prefix(512), as: UTF8.self)
        for merge in [false, true] {
            guard let normalized = PathNormalization.normalize(path, mergeSlashes: merge) else { continue }
            // Bytes, not characters: "/" followed by a combining mark is one Character that is not "/".
            let bytes = Array(normalized.utf8)
            if bytes != Array("*".utf8) && bytes.first != UInt8(ascii: "/") {
                fatalError("normalised \(path) to \(normalized)")
            }
            // Decoding is one pass, as Envoy's: `%%33` becomes `%3`, which a second pass would decode again. Without
            // a percent sign left, a second pass must change nothing.
            if !bytes.contains(UInt8(ascii: "%")),
                PathNormalization.normalize(normalized, mergeSlashes: merge).map({ Array($0.utf8) }) != bytes
            {
                fatalError("normalising \(normalized) again changed it")
            }
        }
    }

    private func serve() {
        let channel = EmbeddedChannel()
        let state = EventLoopState(eventLoop: channel.embeddedEventLoop, healthRegistry: HealthRegistry(), tracing: nil)
        let slot = ListenerSlot(makeListener())
        let detector = RequestStartDetector()
        do {
            let operations = channel.pipeline.syncOperations
            try operations.addHandler(detector)
            try operations.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: false)
            try operations.addHandler(
                DownstreamHandler(
                    slot: slot,
                    loop: state,
                    registry: ConnectionRegistry(),
                    observer: NoRequestObserver(),
                    detector: detector,
                    scheme: "http"
                )
            )
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
        } catch {
            fatalError("pipeline setup failed: \(error)")
        }
        var output: [UInt8] = []
        for write in writes where channel.isActive {
            _ = try? channel.writeInbound(ByteBuffer(bytes: write))
            channel.embeddedEventLoop.run()
            while let buffer = try? channel.readOutbound(as: ByteBuffer.self) {
                output += buffer.readableBytesView
            }
        }
        // Timers (idle, head, route) fire as if much time had passed.
        channel.embeddedEventLoop.advanceTime(by: .hours(2))
        while let buffer = try? channel.readOutbound(as: ByteBuffer.self) { output += buffer.readableBytesView }
        _ = try? channel.finish()
        if !output.isEmpty && !output.starts(with: Array("HTTP/1.".utf8)) {
            fatalError(
                "the server wrote something that is not an HTTP response: \(String(decoding: output.prefix(64), as: UTF8.self))"
            )
        }
    }
}
