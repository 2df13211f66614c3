import GatewayModel
import GatewayRouting

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Input: a route table and requests, as text. Lines up to a line `--` are rules, one per line:
//
//     KIND PATH [h:NAME=VALUE | h:NAME~REGEX | h!NAME=VALUE | q:NAME=VALUE | m:METHOD]...
//
// with KIND one of prefix, iprefix, exact, iexact, regex, sep, isep, template, connect. The lines after it are
// requests: `METHOD PATH [NAME:VALUE]...`. Fields are separated by spaces; bytes that are not UTF-8 are replaced.
// Each table that compiles must give, for every request, the same rule and captures from its index as from
// trying every rule in order (`scansLinearly`), and `explain` must end at that rule. A broken invariant calls `fatalError`, which
// libFuzzer reports as a crash with the input that caused it.

#if GATEWAY_FUZZ
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    RoutingFuzzCase(bytes: UnsafeBufferPointer(start: data, count: size)).run()
    return 0
}
#else
/// Without `-DGATEWAY_FUZZ` this target replays the files given on the command line through the same checks.
@main
enum GatewayRoutingFuzzReplay {
    static func main() throws {
        let paths = CommandLine.arguments.dropFirst()
        for path in paths {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            bytes.withUnsafeBufferPointer { RoutingFuzzCase(bytes: $0).run() }
        }
        print("replayed \(paths.count) input(s)")
    }
}
#endif

struct RoutingFuzzCase {
    let rules: [RouteRule]
    let requests: [RouteRequest]

    init(bytes: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let split = lines.firstIndex(of: "--") ?? lines.endIndex
        rules = lines[..<split].compactMap(Self.rule)
        requests = lines[split...].dropFirst().compactMap(Self.request)
    }

    private static func rule(_ line: Substring) -> RouteRule? {
        let fields = line.split(separator: " ")
        guard let kind = fields.first else { return nil }
        let text = fields.count > 1 ? String(fields[1]) : ""
        let path: PathMatch
        switch kind {
        case "prefix": path = .prefix(text)
        case "iprefix": path = .prefix(text, caseSensitive: false)
        case "exact": path = .exact(text)
        case "iexact": path = .exact(text, caseSensitive: false)
        case "regex": path = .regex(text)
        case "sep": path = .pathSeparatedPrefix(text)
        case "isep": path = .pathSeparatedPrefix(text, caseSensitive: false)
        case "template": path = .template(text)
        case "connect": path = .connect
        default: return nil
        }
        var rule = RouteRule(path)
        for field in fields.dropFirst(2) {
            let body = field.dropFirst(2)
            let (name, value) = split(body, at: body.firstIndex { $0 == "=" || $0 == "~" })
            switch field.prefix(2) {
            case "h:": rule.headers.append(HeaderMatcher(name: name, value: value, regex: body.contains("~")))
            case "h!": rule.headers.append(HeaderMatcher(name: name, value: value, invertMatch: true))
            case "q:": rule.queryParameters.append(QueryParameterMatcher(name: name, value: value))
            case "m:": rule.methods.append(String(body))
            default: continue
            }
        }
        return rule
    }

    private static func request(_ line: Substring) -> RouteRequest? {
        let fields = line.split(separator: " ")
        guard fields.count >= 2 else { return nil }
        let headers = fields.dropFirst(2).map { field in
            let (name, value) = split(field, at: field.firstIndex(of: ":"))
            return RouteRequest.Header(name, value)
        }
        return RouteRequest(method: String(fields[0]), path: String(fields[1]), headers: headers)
    }

    private static func split(_ text: Substring, at index: Substring.Index?) -> (String, String) {
        guard let index else { return (String(text), "") }
        return (String(text[..<index]), String(text[text.index(after: index)...]))
    }

    func run() {
        // Tables Envoy would reject are errors, not crashes.
        var scanning = RouteTable.Options()
        scanning.scansLinearly = true
        guard let table = try? RouteTable(rules), let scan = try? RouteTable(rules, options: scanning) else {
            return
        }
        for request in requests {
            let indexed = table.firstMatch(request)
            let linear = scan.firstMatch(request)
            guard indexed == linear else {
                fatalError("index \(String(describing: indexed)) != scan \(String(describing: linear)) for \(request)")
            }
            let explanations = table.explain(request)
            guard (explanations.last.map { $0 == nil } ?? false) == (indexed != nil),
                indexed.map({ $0.rule == explanations.count - 1 }) ?? (explanations.count == rules.count)
            else {
                fatalError("explain disagrees with the match \(String(describing: indexed)) for \(request)")
            }
            if let indexed {
                _ = table.variables(of: indexed, in: request)
            }
        }
    }
}
