import Benchmark
import Foundation
import GatewayRegex

// Each scenario is measured for `SafeRegex` and for the two regex engines a Swift server already has at
// hand (`Regex` from the standard library and Foundation's `NSRegularExpression`) in the same run, so the
// ratios printed by `Scripts/bench --table` compare like with like on one machine.
//
// Benchmark names follow `<scenario>/<engine>`; `Scripts/bench --table` relies on that shape.

// MARK: - Fixtures

/// The route regex of an Envoy `safe_regex` path matcher.
private let routePattern = "/api/v[0-9]+/users/[^/]+/orders"

/// The same route with capture groups, as used by `regex_rewrite`.
private let routeCapturePattern = "/api/v([0-9]+)/users/([^/]+)/orders"

/// A 40-byte path the route regex matches.
private let matchingPath = "/api/v12/users/8f3a91c2-44de-4b1e/orders"

/// A 40-byte path that only fails near its end (an extra `/` inside the user segment).
private let failingPath = "/api/v12/users/8f3a91c2-44de/4b1e/orders"

/// An extractor regex run over a request body.
private let extractorPattern = #""order_id":\s*"([0-9a-f]{8})""#

/// The size of the searched body; throughput in MB/s is `bodySize / time`.
private let bodySize = 65_536

/// A JSON-ish body of exactly `bodySize` bytes in which `extractorPattern` matches once, near the end,
/// and the byte offset where that match starts.
///
/// The records contain near misses (`"order_ref"`, `"order_id": 17`) so the search cannot skip ahead on
/// the `"order_` prefix alone.
private func makeBody() -> (body: String, matchStart: Int) {
    let tail = #"],"order_id": "8f3a91c2","status":"ok"}"#
    var body = #"{"items":["#
    var index = 0
    while true {
        let record =
            #"{"id":\#(index),"sku":"a1b2c3d4","order_ref":"x\#(index)","order_id": \#(index % 97),"#
            + #""note":"lorem ipsum dolor sit amet"},"#
        if body.utf8.count + record.utf8.count + tail.utf8.count > bodySize {
            break
        }
        body += record
        index += 1
    }
    body += String(repeating: " ", count: bodySize - body.utf8.count - tail.utf8.count)
    body += tail
    precondition(body.utf8.count == bodySize)
    return (body, bodySize - tail.utf8.count + 2)
}

/// The whole-string `NSRange` of `string`.
private func fullRange(_ string: String) -> NSRange {
    NSRange(location: 0, length: string.utf16.count)
}

/// Full match with `NSRegularExpression`: an anchored search whose match must cover the whole string.
private func nsWholeMatch(_ regex: NSRegularExpression, _ string: String) -> NSTextCheckingResult? {
    let range = fullRange(string)
    guard let match = regex.firstMatch(in: string, options: .anchored, range: range),
        match.range.length == range.length
    else {
        return nil
    }
    return match
}

// MARK: - Configurations

private var timed: Benchmark.Configuration {
    Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        timeUnits: .nanoseconds,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )
}

private var timedLarge: Benchmark.Configuration {
    Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        timeUnits: .nanoseconds,
        scalingFactor: .one,
        maxDuration: .seconds(2),
        maxIterations: 100_000
    )
}

/// Full matches without captures must not allocate at all: any malloc is a regression. One call per sample,
/// so that a single allocation shows up instead of being divided by a scaling factor.
private var zeroAllocations: Benchmark.Configuration {
    Benchmark.Configuration(
        metrics: [.mallocCountTotal],
        scalingFactor: .one,
        maxDuration: .seconds(1),
        maxIterations: 10_000,
        thresholds: [.mallocCountTotal: .init(absolute: BenchmarkThresholds.Absolute.strict)]
    )
}

// MARK: - Benchmarks

let benchmarks: @Sendable () -> Void = {
    routeFullMatch(name: "RouteFullMatch", path: matchingPath, expected: true)
    routeFullMatch(name: "RouteFullMatchMiss", path: failingPath, expected: false)
    routeCaptures()
    bodySearch()
    zeroAllocationChecks()
}

/// (a) Full match of the route regex, no captures.
private func routeFullMatch(name: String, path: String, expected: Bool) {
    precondition(path.utf8.count == 40)

    Benchmark("\(name)/SafeRegex", configuration: timed) { (benchmark: Benchmark, regex: SafeRegex) in
        for _ in benchmark.scaledIterations {
            blackHole(regex.matches(path))
        }
    } setup: {
        let regex = try SafeRegex(routePattern)
        precondition(regex.matches(path) == expected)
        return regex
    }

    Benchmark("\(name)/SwiftRegex", configuration: timed) { (benchmark: Benchmark, regex: Regex<AnyRegexOutput>) in
        for _ in benchmark.scaledIterations {
            blackHole(path.wholeMatch(of: regex) != nil)
        }
    } setup: {
        let regex = try Regex(routePattern)
        precondition((path.wholeMatch(of: regex) != nil) == expected)
        return regex
    }

    Benchmark("\(name)/NSRegularExpression", configuration: timed) {
        (benchmark: Benchmark, regex: NSRegularExpression) in
        for _ in benchmark.scaledIterations {
            blackHole(nsWholeMatch(regex, path) != nil)
        }
    } setup: {
        let regex = try NSRegularExpression(pattern: routePattern)
        precondition((nsWholeMatch(regex, path) != nil) == expected)
        return regex
    }
}

/// (d) Full match of the route regex with two capture groups, reading both group ranges.
private func routeCaptures() {
    let path = matchingPath

    Benchmark("RouteCaptures/SafeRegex", configuration: timed) { (benchmark: Benchmark, regex: SafeRegex) in
        for _ in benchmark.scaledIterations {
            if let match = regex.wholeMatch(in: path) {
                blackHole(match[1])
                blackHole(match[2])
            }
        }
    } setup: {
        let regex = try SafeRegex(routeCapturePattern)
        guard let match = regex.wholeMatch(in: path) else {
            preconditionFailure("route regex does not match \(path)")
        }
        precondition(match[1] == 6..<8 && match[2] == 15..<33)
        return regex
    }

    Benchmark("RouteCaptures/SwiftRegex", configuration: timed) {
        (benchmark: Benchmark, regex: Regex<AnyRegexOutput>) in
        for _ in benchmark.scaledIterations {
            if let match = path.wholeMatch(of: regex) {
                blackHole(match.output[1].range)
                blackHole(match.output[2].range)
            }
        }
    } setup: {
        let regex = try Regex(routeCapturePattern)
        precondition(path.wholeMatch(of: regex)?.output[2].substring == "8f3a91c2-44de-4b1e")
        return regex
    }

    Benchmark("RouteCaptures/NSRegularExpression", configuration: timed) {
        (benchmark: Benchmark, regex: NSRegularExpression) in
        for _ in benchmark.scaledIterations {
            if let match = nsWholeMatch(regex, path) {
                blackHole(match.range(at: 1))
                blackHole(match.range(at: 2))
            }
        }
    } setup: {
        let regex = try NSRegularExpression(pattern: routeCapturePattern)
        precondition(nsWholeMatch(regex, path)?.range(at: 2) == NSRange(location: 15, length: 18))
        return regex
    }
}

/// (b) Search for an extractor regex over a 64 KiB body; the only match is near the end.
private func bodySearch() {
    let (body, matchStart) = makeBody()

    Benchmark("BodySearch64K/SafeRegex", configuration: timedLarge) { (benchmark: Benchmark, regex: SafeRegex) in
        for _ in benchmark.scaledIterations {
            blackHole(regex.firstMatch(in: body))
        }
    } setup: {
        let regex = try SafeRegex(extractorPattern)
        precondition(regex.firstMatch(in: body)?.range.lowerBound == matchStart)
        return regex
    }

    Benchmark("BodySearch64K/SwiftRegex", configuration: timedLarge) {
        (benchmark: Benchmark, regex: Regex<AnyRegexOutput>) in
        for _ in benchmark.scaledIterations {
            blackHole(body.firstMatch(of: regex)?.range)
        }
    } setup: {
        let regex = try Regex(extractorPattern)
        precondition(body.firstMatch(of: regex)?.output[1].substring == "8f3a91c2")
        return regex
    }

    Benchmark("BodySearch64K/NSRegularExpression", configuration: timedLarge) {
        (benchmark: Benchmark, regex: NSRegularExpression) in
        for _ in benchmark.scaledIterations {
            blackHole(regex.firstMatch(in: body, range: fullRange(body)))
        }
    } setup: {
        let regex = try NSRegularExpression(pattern: extractorPattern)
        precondition(regex.firstMatch(in: body, range: fullRange(body))?.range.location == matchStart)
        return regex
    }
}

/// (c) `matches` must not allocate, whether the path matches or not.
private func zeroAllocationChecks() {
    for (name, path) in [("Hit", matchingPath), ("Miss", failingPath)] {
        Benchmark("ZeroAlloc\(name)", configuration: zeroAllocations) {
            (benchmark: Benchmark, regex: SafeRegex) in
            for _ in benchmark.scaledIterations {
                blackHole(regex.matches(path))
            }
        } setup: {
            try SafeRegex(routePattern)
        }
    }
}
