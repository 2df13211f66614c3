/// One top-level field of an options message, described once so that merging and reporting cover every
/// field without reflection.
///
/// Setting follows Gloo's `ShallowMerge` (projects/gloo/pkg/utils/merge.go): a message, wrapper or `oneof`
/// member counts as set when present, even when it is empty or `false`; a list or map counts as set only
/// when it has elements.
struct OptionField<Root>: Sendable {
    /// The YAML name.
    let name: String
    /// The `oneof` the field belongs to. Gloo merges a `oneof` as a unit: the parent's member fills in only
    /// when the child has none of the members.
    let oneof: String?
    /// Whether some module of this suite acts on the field.
    let enforced: Bool
    let isSet: @Sendable (Root) -> Bool
    /// Whether the value asks for the feature: set, and for a flag, `true` (a `false` flag asks for the
    /// default behaviour, which needs nothing).
    let isRequested: @Sendable (Root) -> Bool
    /// Copies the field from the second value into the first.
    let copy: @Sendable (inout Root, Root) -> Void

    @inline(__always)
    private init<Value>(
        _ name: String,
        _ keyPath: any WritableKeyPath<Root, Value?> & Sendable,
        oneof: String?,
        enforced: Bool,
        isEmpty: @escaping @Sendable (Value) -> Bool,
        requests: @escaping @Sendable (Value) -> Bool
    ) {
        self.name = name
        self.oneof = oneof
        self.enforced = enforced
        isSet = { root in root[keyPath: keyPath].map { !isEmpty($0) } ?? false }
        isRequested = { root in root[keyPath: keyPath].map { !isEmpty($0) && requests($0) } ?? false }
        copy = { target, source in target[keyPath: keyPath] = source[keyPath: keyPath] }
    }

    /// A message, wrapper or scalar field: set when present.
    @inline(__always)
    init<Value>(
        _ name: String,
        _ keyPath: any WritableKeyPath<Root, Value?> & Sendable,
        oneof: String? = nil,
        enforced: Bool = true
    ) {
        self.init(name, keyPath, oneof: oneof, enforced: enforced, isEmpty: { _ in false }, requests: { _ in true })
    }

    /// A `BoolValue` flag: set when present, asks for something only when `true`.
    @inline(__always)
    init(
        _ name: String,
        _ keyPath: any WritableKeyPath<Root, Bool?> & Sendable,
        oneof: String? = nil,
        enforced: Bool = true
    ) {
        self.init(name, keyPath, oneof: oneof, enforced: enforced, isEmpty: { _ in false }, requests: { $0 })
    }

    /// A repeated field: set when it has elements.
    @inline(__always)
    init<Element>(
        _ name: String,
        _ keyPath: any WritableKeyPath<Root, [Element]?> & Sendable,
        oneof: String? = nil,
        enforced: Bool = true
    ) {
        self.init(name, keyPath, oneof: oneof, enforced: enforced, isEmpty: \.isEmpty, requests: { _ in true })
    }

    /// A map field: set when it has entries.
    @inline(__always)
    init<Element>(
        _ name: String,
        _ keyPath: any WritableKeyPath<Root, [String: Element]?> & Sendable,
        oneof: String? = nil,
        enforced: Bool = true
    ) {
        self.init(name, keyPath, oneof: oneof, enforced: enforced, isEmpty: \.isEmpty, requests: { _ in true })
    }

    /// A field kept as written: an explicit `null` or an empty list is not set; an empty object is a
    /// present (empty) message.
    @inline(__always)
    init(
        _ name: String,
        _ keyPath: any WritableKeyPath<Root, ConfigValue?> & Sendable,
        oneof: String? = nil,
        enforced: Bool = true
    ) {
        self.init(
            name,
            keyPath,
            oneof: oneof,
            enforced: enforced,
            isEmpty: { value in
                switch value.content {
                case .null: true
                case .array(let elements): elements.isEmpty
                default: false
                }
            },
            requests: { _ in true }
        )
    }
}

/// The fields of one options message, in declaration order, with the operations built on them.
struct OptionFieldTable<Root>: Sendable {
    let fields: [OptionField<Root>]
    /// The fields with the members of each `oneof` together, in order of first appearance.
    let groups: [[OptionField<Root>]]
    /// The fields no module acts on: checked for every route, so kept apart from the many that are.
    private let unenforced: [OptionField<Root>]

    init(_ fields: [OptionField<Root>]) {
        self.fields = fields
        unenforced = fields.filter { !$0.enforced }
        var groups: [[OptionField<Root>]] = []
        var groupIndex: [String: Int] = [:]
        for field in fields {
            if let oneof = field.oneof, let index = groupIndex[oneof] {
                groups[index].append(field)
            } else {
                if let oneof = field.oneof { groupIndex[oneof] = groups.count }
                groups.append([field])
            }
        }
        self.groups = groups
    }

    /// The YAML names of all fields.
    var names: [String] { fields.map(\.name) }

    /// `child` with every field (or `oneof`) it leaves unset taken from `parent`.
    func shallowMerge(_ child: Root, parent: Root) -> Root {
        var merged = child
        for group in groups
        where !group.contains(where: { $0.isSet(child) }) && group.contains(where: { $0.isSet(parent) }) {
            for field in group { field.copy(&merged, parent) }
        }
        return merged
    }

    /// The names of the fields `value` requests that no module acts on.
    func unenforcedNames(in value: Root) -> [String] {
        var names: [String] = []
        for field in unenforced where field.isRequested(value) { names.append(field.name) }
        return names
    }
}
