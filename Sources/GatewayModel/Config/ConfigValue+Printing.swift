extension ConfigValue {
    /// JSON text: two-space indentation when `pretty`, members in order.
    public func jsonText(pretty: Bool = true) -> String {
        var output = ""
        writeJSON(to: &output, indent: pretty ? 0 : nil)
        return output
    }

    /// YAML text in block style, members in order; strings are quoted whenever a plain scalar would read
    /// back as something else.
    public func yamlText() -> String {
        var output = ""
        switch content {
        case .object(let members) where !members.isEmpty:
            writeYAMLMembers(members, to: &output, indent: 0)
        case .array(let values) where !values.isEmpty:
            writeYAMLElements(values, to: &output, indent: 0)
        default:
            writeYAMLScalar(to: &output)
            output += "\n"
        }
        return output
    }

    // MARK: JSON

    private func writeJSON(to output: inout String, indent: Int?) {
        switch content {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let text): output += text
        case .string(let text): Self.writeJSONString(text, to: &output)
        case .array(let values):
            guard !values.isEmpty else {
                output += "[]"
                return
            }
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                Self.newline(&output, indent.map { $0 + 1 })
                value.writeJSON(to: &output, indent: indent.map { $0 + 1 })
            }
            Self.newline(&output, indent)
            output += "]"
        case .object(let members):
            guard !members.isEmpty else {
                output += "{}"
                return
            }
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += "," }
                Self.newline(&output, indent.map { $0 + 1 })
                Self.writeJSONString(member.key, to: &output)
                output += indent == nil ? ":" : ": "
                member.value.writeJSON(to: &output, indent: indent.map { $0 + 1 })
            }
            Self.newline(&output, indent)
            output += "}"
        }
    }

    private static func newline(_ output: inout String, _ indent: Int?) {
        guard let indent else { return }
        output += "\n"
        output += String(repeating: "  ", count: indent)
    }

    static func writeJSONString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _
            where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    // MARK: YAML

    private func writeYAMLMembers(_ members: [Member], to output: inout String, indent: Int) {
        let padding = String(repeating: "  ", count: indent)
        for member in members {
            output += padding
            Self.writeYAMLKey(member.key, to: &output)
            output += ":"
            member.value.writeYAMLNested(to: &output, indent: indent + 1, inSequence: false)
        }
    }

    private func writeYAMLElements(_ values: [ConfigValue], to output: inout String, indent: Int) {
        let padding = String(repeating: "  ", count: indent)
        for value in values {
            output += padding + "-"
            value.writeYAMLNested(to: &output, indent: indent + 1, inSequence: true)
        }
    }

    /// Writes the value after `key:` or `-`.
    private func writeYAMLNested(to output: inout String, indent: Int, inSequence: Bool) {
        switch content {
        case .object(let members) where !members.isEmpty:
            if inSequence {
                // `- key: value` with the following members aligned under the first.
                var first = ""
                ConfigValue(.object([members[0]])).writeYAMLMembers([members[0]], to: &first, indent: indent)
                output += " " + first.drop { $0 == " " }
                writeYAMLMembers(Array(members.dropFirst()), to: &output, indent: indent)
            } else {
                output += "\n"
                writeYAMLMembers(members, to: &output, indent: indent)
            }
        case .array(let values) where !values.isEmpty:
            output += "\n"
            // Sequences inside mappings stay at the key's indentation, as kubectl prints them.
            writeYAMLElements(values, to: &output, indent: inSequence ? indent : indent - 1)
        default:
            output += " "
            writeYAMLScalar(to: &output)
            output += "\n"
        }
    }

    private func writeYAMLScalar(to output: inout String) {
        switch content {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let text): output += text
        case .string(let text): Self.writeYAMLString(text, to: &output)
        case .array: output += "[]"
        case .object: output += "{}"
        }
    }

    private static func writeYAMLKey(_ key: String, to output: inout String) {
        writeYAMLString(key, to: &output)
    }

    private static func writeYAMLString(_ text: String, to output: inout String) {
        if isPlainSafe(text) {
            output += text
        } else {
            // JSON's escapes are valid in YAML double-quoted scalars.
            writeJSONString(text, to: &output)
        }
    }

    /// Whether `text` reads back as the same string when written without quotes.
    static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if first == " " || last == " " { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) {
            // `-x`, `?x` and `:x` are plain when not followed by a space, but quoting is simpler and safe.
            return false
        }
        if PlainScalars.isSpecialPlainScalar(text) { return false }
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value >= 0x80 && scalar.value <= 0x9F
                || scalar.value == 0xFEFF || scalar.value == 0x2028 || scalar.value == 0x2029
            {
                return false
            }
            if scalar == "#" && previous == " " { return false }
            if previous == ":" && scalar == " " { return false }
            previous = scalar
        }
        return last != ":"
    }
}

/// Plain scalars YAML readers (1.1 and 1.2) type as something other than a string.
enum PlainScalars {
    static func isSpecialPlainScalar(_ text: String) -> Bool {
        switch text.lowercased() {
        case "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "-.inf", "+.inf", ".nan":
            return true
        default:
            let allowed = Set("0123456789.eE+-_xXoObB".utf8).union("abcdefABCDEF:".utf8)
            return text.utf8.first.map { (0x30...0x39).contains($0) || $0 == UInt8(ascii: ".") } == true
                && text.utf8.allSatisfy { allowed.contains($0) }
        }
    }
}
