import Foundation

/// Runs the measurements in fresh processes and prints what they found.
enum FanoutReport {
    /// Runs `XDSFanout --measure PLACEMENT` and decodes its result.
    static func measureInChild(_ placement: FleetPlacement, streams: Int, rounds: Int) throws -> FanoutResult {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["--measure", placement.rawValue, "--streams", String(streams), "--rounds", String(rounds)]
        let output = Pipe()
        child.standardOutput = output
        try child.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        child.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard child.terminationStatus == 0,
            let line = text.split(separator: "\n").last(where: { $0.hasPrefix("RESULT ") })
        else {
            throw FanoutFailure("the \(placement.rawValue) measurement failed:\n\(text)")
        }
        return try JSONDecoder().decode(FanoutResult.self, from: Data(line.dropFirst("RESULT ".count).utf8))
    }

    static func table(_ results: [FanoutResult]) -> String {
        guard let first = results.first else { return "" }
        let names = ["CDS", "EDS", "LDS", "RDS"]
        let snapshot = zip(names, zip(first.resourceCounts, first.typeSizes))
            .map { "\($0) \($1.0) (\(kilobytes($1.1)))" }
            .joined(separator: ", ")
        var lines = [
            "XDSFanout: \(first.streams) simulated Envoys (state-of-the-world ADS, \((first.streams + 49) / 50) HTTP/2 "
                + "connections × 50 streams), 1,000 VirtualServices × 10 routes, 1,000 EDS clusters",
            "snapshot: \(snapshot); a full push is \(kilobytes(first.typeSizes.reduce(0, +))) per stream",
            "",
            "| measurement | " + results.map { header($0.placement) }.joined(separator: " | ") + " |",
            "|:--|" + results.map { _ in "--:|" }.joined(),
        ]
        func row(_ title: String, _ cell: (FanoutResult) -> String) {
            lines.append("| \(title) | " + results.map(cell).joined(separator: " | ") + " |")
        }
        row("initial sync, every stream has CDS, EDS, LDS, RDS") { milliseconds($0.initialSync) }
        row("change in every type → all streams have all 4 new versions: median (p90, max)") {
            distribution($0.fullChange)
        }
        row("one route changed → all streams have the new RDS: median (p90, max)") { distribution($0.oneRoute) }
        row("CPU time of the server's process per round, change in every type: median") { result in
            milliseconds(median(result.fullChangeServerCPU))
                + (result.placement == .separateProcess
                    ? " (clients: \(milliseconds(median(result.fullChangeClientCPU))))" : "")
        }
        row("CPU time of the server's process per round, one route changed: median") { result in
            milliseconds(median(result.oneRouteServerCPU))
                + (result.placement == .separateProcess
                    ? " (clients: \(milliseconds(median(result.oneRouteClientCPU))))" : "")
        }
        row("VmRSS, snapshot set, no stream") { megabytes($0.idleWithout.resident) }
        row("VmRSS, streams synced and idle") { megabytes($0.idleWith.resident) }
        row("**VmRSS per stream**") { perStream($0.idleWith.resident - $0.idleWithout.resident, $0.streams) }
        row("VmRSS per stream, both after malloc_trim") {
            perStream($0.idleWith.trimmedResident - $0.idleWithout.trimmedResident, $0.streams)
        }
        row("heap in use per stream (mallinfo2)") {
            perStream($0.idleWith.allocated - $0.idleWithout.allocated, $0.streams)
        }
        row("peak VmRSS while pushing the changes") { megabytes($0.peakDuringPushes) }
        row("client process VmRSS (heap in use)") { result in
            result.clientProcess.map { "\(megabytes($0.resident)) (\(megabytes($0.allocated)))" } ?? "–"
        }
        row("every stream ACKed the last version of every type") { $0.allAcknowledged ? "yes" : "**no**" }
        lines.append("")
        lines.append("rounds (ms), change in every type:")
        for result in results {
            lines.append(
                "  \(result.placement.rawValue): " + result.fullChange.map(milliseconds).joined(separator: ", ")
            )
        }
        lines.append("rounds (ms), one route changed:")
        for result in results {
            lines.append("  \(result.placement.rawValue): " + result.oneRoute.map(milliseconds).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    private static func header(_ placement: FleetPlacement) -> String {
        switch placement {
        case .sameProcess: "clients in the server's process (upper bound)"
        case .separateProcess: "clients in a child process (server alone)"
        }
    }

    /// The value at `fraction` of the sorted values (nearest rank).
    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let count = sorted.count
        guard count > 0 else { return 0 }
        return count.isMultiple(of: 2) ? (sorted[count / 2 - 1] + sorted[count / 2]) / 2 : sorted[count / 2]
    }

    private static func distribution(_ values: [Double]) -> String {
        guard let last = values.max() else { return "–" }
        return "\(milliseconds(median(values))) (\(milliseconds(percentile(values, 0.9))), \(milliseconds(last)))"
    }

    private static func milliseconds(_ value: Double) -> String {
        value >= 100 ? String(format: "%.0f ms", value) : String(format: "%.1f ms", value)
    }

    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }

    private static func kilobytes(_ bytes: Int) -> String {
        bytes >= 1_048_576 ? megabytes(bytes) : String(format: "%.0f KB", Double(bytes) / 1024)
    }

    private static func perStream(_ bytes: Int, _ streams: Int) -> String {
        String(format: "%.1f KB", Double(bytes) / Double(streams) / 1024)
    }
}
