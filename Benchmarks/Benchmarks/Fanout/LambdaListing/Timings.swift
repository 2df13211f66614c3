import Foundation

/// Durations per measurement, in seconds, and their Markdown table.
struct Timings {
    private var seconds: [String: [Double]] = [:]

    mutating func add(_ name: String, _ duration: Duration) {
        let (whole, fraction) = duration.components
        add(name, seconds: Double(whole) + Double(fraction) / 1e18)
    }

    mutating func add(_ name: String, seconds value: Double) {
        seconds[name, default: []].append(value)
    }

    func median(_ name: String) -> Double? {
        let sorted = (seconds[name] ?? []).sorted()
        return sorted.isEmpty ? nil : sorted[sorted.count / 2]
    }

    func fastest(_ name: String) -> Double? {
        seconds[name]?.min()
    }

    /// A row: `label`, then the median and fastest run of each name (`–` for one not measured).
    func row(_ label: String, _ names: [String]) -> String {
        var cells = [label]
        for name in names {
            cells.append(median(name).map(Self.format) ?? "–")
            cells.append(fastest(name).map(Self.format) ?? "–")
        }
        return "| " + cells.joined(separator: " | ") + " |"
    }

    /// The medians' ratio, such as `1.23×`.
    func ratio(_ numerator: String, _ denominator: String) -> String {
        guard let top = median(numerator), let bottom = median(denominator), bottom > 0 else { return "–" }
        return String(format: "%.2f×", top / bottom)
    }

    /// The difference of the medians, such as `95 ms`.
    func difference(_ minuend: String, _ subtrahend: String) -> String {
        guard let first = median(minuend), let second = median(subtrahend) else { return "–" }
        return Self.format(first - second)
    }

    static func format(_ seconds: Double) -> String {
        if abs(seconds) >= 10 { return String(format: "%.1f s", seconds) }
        if abs(seconds) >= 0.01 { return String(format: "%.0f ms", seconds * 1e3) }
        return String(format: "%.1f ms", seconds * 1e3)
    }
}
