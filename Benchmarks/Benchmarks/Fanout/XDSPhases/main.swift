import Foundation
import GatewayModel
import GatewayXDS
import XDSConfig

// Where the time of a cold snapshot goes: translate, validate and encode the synthetic configuration
// (1,000 VirtualServices × 10 routes by default) `--rounds` times and print each phase's median and fastest
// run, and the time to free what a round built (the previous snapshot, when the next replaces it). Meant for
// profiling (`perf record -g .build/release/XDSPhases --rounds 200`) and for figures without package-benchmark's
// malloc interposer; the README cites both.
//
// Usage: XDSPhases [--virtual-services N] [--rounds N]

var count = 1_000
var rounds = 30
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch (argument, arguments.popFirst().flatMap(Int.init)) {
    case ("--virtual-services", let value?): count = value
    case ("--rounds", let value?): rounds = value
    default:
        print("usage: XDSPhases [--virtual-services N] [--rounds N]")
        exit(2)
    }
}

let config = XDSConfig.build(XDSConfig.yaml(virtualServices: count))
let translator = XDSTranslator()
let validator = XDSValidator()
var phases: [String: [Double]] = [:]
let order = ["translate", "validate", "encode", "total", "free"]

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
}

/// One cold snapshot, each phase timed; the results are returned so that freeing them is timed apart.
@MainActor func round() -> (XDSTranslation, XDSSnapshot) {
    let start = ContinuousClock.now
    let translation = translator.translate(config.proxy, in: config.resources)
    let translated = ContinuousClock.now
    let issues = validator.validate(translation.resources)
    precondition(issues.isEmpty, "Envoy would reject the synthetic configuration: \(issues.prefix(3))")
    let validated = ContinuousClock.now
    let snapshot = XDSSnapshot(translation.resources)
    let encoded = ContinuousClock.now
    phases["translate", default: []].append(milliseconds(translated - start))
    phases["validate", default: []].append(milliseconds(validated - translated))
    phases["encode", default: []].append(milliseconds(encoded - validated))
    phases["total", default: []].append(milliseconds(encoded - start))
    return (translation, snapshot)
}

for _ in 0..<rounds {
    var result: (XDSTranslation, XDSSnapshot)? = round()
    precondition(result?.1.encodedCount ?? 0 > 0)
    let start = ContinuousClock.now
    result = nil
    phases["free", default: []].append(milliseconds(ContinuousClock.now - start))
}

print("phase      median ms  fastest ms  (\(count) VirtualServices, \(rounds) rounds)")
for phase in order {
    let times = (phases[phase] ?? []).sorted()
    guard !times.isEmpty else { continue }
    let median = times[times.count / 2]
    print(
        phase.padding(toLength: 10, withPad: " ", startingAt: 0)
            + String(format: " %9.1f  %10.1f", median, times[0])
    )
}
