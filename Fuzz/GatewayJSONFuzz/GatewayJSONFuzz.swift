import GatewayTransform

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Input format: any bytes, parsed as JSON text.
//
// Every input is parsed with the default limits. A document that parses must print, and its printed text must
// parse back to the same value and print identically (the round trip); the same bytes through the other input
// forms and tighter limits must agree. A failure must carry one of the known message forms. A broken invariant
// calls `fatalError`, which libFuzzer reports as a crash with the input that caused it.

#if GATEWAY_FUZZ
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    JSONFuzzCase(UnsafeBufferPointer(start: data, count: size)).run()
    return 0
}
#else
/// Without `-DGATEWAY_FUZZ` (a plain `swift build`) this target is a replayer: it runs every file given on the
/// command line through the same checks, without sanitizers. `Scripts/fuzz --target json` builds the libFuzzer
/// entry point instead.
@main
enum GatewayJSONFuzzReplay {
    static func main() throws {
        let paths = CommandLine.arguments.dropFirst()
        for path in paths {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            bytes.withUnsafeBufferPointer { JSONFuzzCase($0).run() }
        }
        print("replayed \(paths.count) input(s)")
    }
}
#endif

/// One fuzz input and the checks run on it.
struct JSONFuzzCase {
    let input: UnsafeBufferPointer<UInt8>

    init(_ input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    func run() {
        let parsed = parse(UnsafeRawBufferPointer(input), JSONLimits())
        checkInputForms(parsed)
        checkTighterLimits(parsed)
        switch parsed {
        case .success(let value):
            checkRoundTrip(value)
        case .failure(let error):
            checkMessage(error)
        }
    }

    private func parse(_ bytes: UnsafeRawBufferPointer, _ limits: JSONLimits) -> Result<JSONValue, JSONError> {
        Result { () throws(JSONError) in try JSONValue.parse(bytes, limits: limits) }
    }

    /// Printing a parsed value succeeds (its strings are valid UTF-8), and the text parses back to the same value
    /// and prints the same.
    private func checkRoundTrip(_ value: JSONValue) {
        let printed: [UInt8]
        do {
            printed = try value.dump()
        } catch {
            fail("a parsed value does not print: \(error)")
        }
        let reparsed: JSONValue
        do {
            reparsed = try JSONValue.parse(printed)
        } catch {
            fail("printed text does not parse: \(error); printed \(quoted(printed))")
        }
        expect(sameValue(value, reparsed), "the round trip changed the value; printed \(quoted(printed))")
        let reprinted = Result { () throws(JSONError) in try reparsed.dump() }
        expect((try? reprinted.get()) == printed, "the round trip printed differently; printed \(quoted(printed))")

        // Appending to existing output adds exactly the same bytes.
        var appended: [UInt8] = [0x78]
        expect((try? value.dump(into: &appended)) != nil, "dump(into:) failed where dump() did not")
        expect(appended == [0x78] + printed, "dump(into:) differs from dump()")
    }

    /// The `[UInt8]`, `String` and non-contiguous overloads give the same answer as the buffer overload.
    private func checkInputForms(_ parsed: Result<JSONValue, JSONError>) {
        let bytes = Array(input)
        let fromArray = Result { () throws(JSONError) in try JSONValue.parse(bytes) }
        let fromLazy = Result { () throws(JSONError) in try JSONValue.parse(bytes.lazy.map { $0 }) }
        expect(same(fromArray, parsed), "[UInt8] and buffer overloads disagree")
        expect(same(fromLazy, parsed), "non-contiguous and buffer overloads disagree")
        if let text = String(validating: bytes, as: UTF8.self) {
            let fromString = Result { () throws(JSONError) in try JSONValue.parse(text) }
            expect(same(fromString, parsed), "String and buffer overloads disagree")
        }
    }

    /// A tighter depth limit only turns success into the depth error, and a size limit below the input's length
    /// always fails before reading.
    private func checkTighterLimits(_ parsed: Result<JSONValue, JSONError>) {
        let depth = input.count % 4
        let limited = parse(UnsafeRawBufferPointer(input), JSONLimits(maximumDepth: depth))
        switch (parsed, limited) {
        case (.success(let value), .success(let limitedValue)):
            expect(sameValue(value, limitedValue), "a depth limit changed the value")
        case (_, .failure(let error)) where error.code == .depthLimitExceeded:
            expect(error.message.contains("limit of \(depth) at line"), "unexpected depth message \(error)")
        case (.failure(let error), .failure(let limitedError)):
            expect(error == limitedError, "a depth limit changed the error: \(error) became \(limitedError)")
        default:
            fail("a depth limit of \(depth) turned \(parsed) into \(limited)")
        }
        if !input.isEmpty {
            let tooSmall = parse(UnsafeRawBufferPointer(input), JSONLimits(maximumBytes: input.count - 1))
            guard case .failure(let error) = tooSmall, error.code == .sizeLimitExceeded else {
                fail("input longer than maximumBytes was read: \(tooSmall)")
            }
        }
    }

    /// Parse errors are nlohmann's `parse_error.101` or `out_of_range.406`.
    private func checkMessage(_ error: JSONError) {
        switch error.code {
        case .syntax:
            expect(error.message.hasPrefix("[json.exception.parse_error.101] parse error at line "), "message \(error)")
            expect(error.message.contains(": syntax error while parsing "), "message \(error)")
        case .numberOverflow:
            expect(error.message.hasPrefix("[json.exception.out_of_range.406] number overflow parsing '"), "\(error)")
        default:
            fail("unexpected error kind \(error.code) with the default limits: \(error)")
        }
    }

    private func same(_ left: Result<JSONValue, JSONError>, _ right: Result<JSONValue, JSONError>) -> Bool {
        switch (left, right) {
        case (.success(let leftValue), .success(let rightValue)): sameValue(leftValue, rightValue)
        case (.failure(let leftError), .failure(let rightError)): leftError == rightError
        default: false
        }
    }

    /// Equality for the round trip: doubles bit for bit (so `-0.0` differs from `0.0`), and `.int(0)` equal to
    /// `.uint(0)`, since `-0` parses as `.int(0)` and prints as `0`, which reads back unsigned.
    private func sameValue(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case (.double(let leftNumber), .double(let rightNumber)):
            return leftNumber.bitPattern == rightNumber.bitPattern
        case (.int(0), .uint(0)), (.uint(0), .int(0)):
            return true
        case (.array(let leftElements), .array(let rightElements)):
            return leftElements.count == rightElements.count && zip(leftElements, rightElements).allSatisfy(sameValue)
        case (.object(let leftObject), .object(let rightObject)):
            return leftObject.count == rightObject.count
                && zip(leftObject, rightObject).allSatisfy { $0.key == $1.key && sameValue($0.value, $1.value) }
        default:
            return left == right
        }
    }

    private func expect(_ condition: Bool, _ what: @autoclosure () -> String) {
        if !condition {
            fail(what())
        }
    }

    private func fail(_ what: String) -> Never {
        fatalError("invariant broken: \(what); input \(quoted(Array(input)))")
    }
}

private func quoted(_ bytes: [UInt8]) -> String {
    "\"" + String(decoding: bytes, as: UTF8.self).unicodeScalars.map { $0.escaped(asASCII: true) }.joined() + "\""
}
