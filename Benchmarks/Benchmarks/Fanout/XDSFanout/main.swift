import Foundation
import GatewayXDS

// ADS fan-out: one XDSServer on 127.0.0.1:0 and 500 simulated Envoys (state-of-the-world ADS streams over
// grpc-swift 2's HTTP/2 transport, 50 streams per connection) on the 1,000-VirtualService configuration.
//
//   XDSFanout [--streams N] [--rounds R]     both measurements, each in a fresh process, then a table
//   XDSFanout --measure PLACEMENT [...]      one measurement (same-process or separate-process), as JSON
//   XDSFanout --clients PORT STREAMS KEY     the simulated Envoys of a separate-process measurement
//
// Run it with `swift run -c release --package-path Benchmarks XDSFanout`.

let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
        let number = Int(arguments[index + 1])
    else { return value }
    return number
}

let streams = option("--streams", default: 500)
let rounds = option("--rounds", default: 10)

do {
    switch arguments.first {
    case "--clients":
        guard arguments.count == 4, let port = Int(arguments[1]), let count = Int(arguments[2]) else {
            throw FanoutFailure("usage: XDSFanout --clients PORT STREAMS KEY")
        }
        let tracker = SyncTracker(streams: count)
        let channel = LineChannel(input: 0, output: 1)
        try await ClientFleet(port: port, streams: count, key: arguments[3], tracker: tracker).run {
            await ChildProcessFleet.serve(tracker: tracker, channel: channel)
        }
    case "--measure":
        guard arguments.count >= 2, let placement = FleetPlacement(rawValue: arguments[1]) else {
            throw FanoutFailure("usage: XDSFanout --measure same-process|separate-process")
        }
        let result = try await FanoutMeasurement(placement: placement, streams: streams, rounds: rounds).run()
        let json = try JSONEncoder().encode(result)
        print("RESULT " + String(decoding: json, as: UTF8.self))
    default:
        var results: [FanoutResult] = []
        for placement in FleetPlacement.allCases {
            printError("measuring with the clients in \(placement == .sameProcess ? "the same" : "a child") process…")
            results.append(try FanoutReport.measureInChild(placement, streams: streams, rounds: rounds))
        }
        print(FanoutReport.table(results))
    }
} catch {
    printError("XDSFanout: \(error)")
    exit(1)
}
