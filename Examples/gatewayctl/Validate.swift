import ArgumentParser
import Foundation
import GatewayModel
import GatewayRouting

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `gatewayctl validate`: the report of every resource, in Gloo Edge's states.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report every resource as Accepted, Warning or Rejected, with the reasons.",
        discussion: """
            Exit status: 0 when nothing is Rejected, 1 when something is, 2 when an input cannot be read or parsed.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(name: .long, help: "Output format: text or json.")
    var output: Format = .text

    @OptionGroup var input: InputPaths

    func run() throws {
        let (built, unreadable) = input.build()
        let reports = built.reportingShadowedRoutes().reports.reports
        switch output {
        case .json:
            let value = try ConfigEncoder().encode(reports)
            print(value.jsonText())
        case .text:
            print(TextReport.render(reports, colored: isatty(STDOUT_FILENO) != 0), terminator: "")
        }
        try input.finish(unreadable: unreadable)
        if reports.contains(where: { $0.state == .rejected }) { throw ExitStatus.rejected }
    }
}

/// The text form of reports: one line per resource, its messages indented below.
enum TextReport {
    static func render(_ reports: [ResourceReport], colored: Bool) -> String {
        var output = ""
        for report in reports {
            let state = report.state.rawValue.padded(to: 9)
            output += paint(state, report.state, colored) + "\(report.kind) \(report.namespace).\(report.name)\n"
            for error in report.errors {
                output += "    error: \(error)\n"
            }
            for warning in report.warnings {
                output += "    warning: \(warning)\n"
            }
        }
        let rejected = reports.filter { $0.state == .rejected }.count
        let warned = reports.filter { $0.state == .warning }.count
        output +=
            "\(reports.count) resources: \(reports.count - rejected - warned) accepted, \(warned) with warnings, \(rejected) rejected\n"
        return output
    }

    private static func paint(_ text: String, _ state: ResourceReport.State, _ colored: Bool) -> String {
        guard colored else { return text }
        let code =
            switch state {
            case .accepted: "32"
            case .warning: "33"
            case .rejected: "31"
            }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}

extension String {
    fileprivate func padded(to length: Int) -> String {
        count >= length ? self + " " : self + String(repeating: " ", count: length - count)
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("gatewayctl: \(message)\n".utf8))
}
