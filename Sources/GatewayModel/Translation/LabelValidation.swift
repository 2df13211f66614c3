/// Kubernetes' rules for label keys and values (apimachinery `IsQualifiedName`, `IsValidLabelValue`), with its
/// messages, for selector expressions.
enum LabelValidation {
    private static let nameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
    private static let nameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    private static let valueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
    private static let valueFormat = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?"
    private static let subdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
    private static let subdomainFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"

    /// Problems with a label key: an optional DNS subdomain prefix and `/`, then a name of at most 63 characters.
    static func keyProblems(_ key: String) -> [String] {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        var problems: [String] = []
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            name = parts[1]
            if prefix.isEmpty {
                problems.append("prefix part must be non-empty")
            } else {
                if prefix.utf8.count > 253 { problems.append("prefix part must be no more than 253 characters") }
                if !isSubdomain(prefix) {
                    problems.append("prefix part " + regexError(subdomainMessage, subdomainFormat, ["example.com"]))
                }
            }
        default:
            return [
                "a qualified name " + regexError(nameMessage, nameFormat, ["MyName", "my.name", "123-abc"])
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ]
        }
        if name.isEmpty {
            problems.append("name part must be non-empty")
        } else if name.utf8.count > 63 {
            problems.append("name part must be no more than 63 characters")
        }
        if !isName(name) {
            problems.append("name part " + regexError(nameMessage, nameFormat, ["MyName", "my.name", "123-abc"]))
        }
        return problems
    }

    /// Problems with a label value: empty, or a name of at most 63 characters.
    static func valueProblems(_ value: String) -> [String] {
        var problems: [String] = []
        if value.utf8.count > 63 { problems.append("must be no more than 63 characters") }
        if !value.isEmpty && !isName(Substring(value)) {
            problems.append(regexError(valueMessage, valueFormat, ["MyValue", "my_value", "12345"]))
        }
        return problems
    }

    /// `msg (e.g. 'a',  or 'b', regex used for validation is 'f')`, as apimachinery words it.
    private static func regexError(_ message: String, _ format: String, _ examples: [String]) -> String {
        var text = message + " (e.g. "
        for (index, example) in examples.enumerated() {
            if index > 0 { text += " or " }
            text += "'\(example)', "
        }
        return text + "regex used for validation is '\(format)')"
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
    private static func isName(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else {
            return false
        }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    /// Lower-case RFC 1123 labels separated by dots.
    private static func isSubdomain(_ text: Substring) -> Bool {
        text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let bytes = Array(label.utf8)
            func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
                (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte)
            }
            guard let first = bytes.first, let last = bytes.last, isLowerAlphanumeric(first), isLowerAlphanumeric(last)
            else { return false }
            return bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }
}
