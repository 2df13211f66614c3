/// The `metadataStatic.sources` Gloo Edge writes on Proxy listeners, virtual hosts and routes: which
/// resources each part was built from.
public enum SourceMetadata {
    static func value(_ sources: [ResourceID], generations: [ResourceID: Int64] = [:]) -> ConfigValue {
        let entries = sources.map { id in
            ConfigValue.object([
                "observedGeneration": .number(generations[id] ?? 0),
                "resourceKind": .string("*v1.\(id.kind)"),
                "resourceRef": .object(["name": .string(id.name), "namespace": .string(id.namespace)]),
            ])
        }
        return .object(["sources": .array(entries)])
    }

    /// The sources recorded in `metadata` (for example a Proxy virtual host's `metadataStatic`): the
    /// resources to report problems on.
    public static func sources(in metadata: ConfigValue?) -> [ResourceID] {
        guard case .array(let entries)? = metadata?["sources"]?.content else { return [] }
        return entries.compactMap { entry in
            guard let kind = entry["resourceKind"]?.stringValue, let ref = entry["resourceRef"],
                let name = ref["name"]?.stringValue
            else { return nil }
            let bare = kind.hasPrefix("*v1.") ? String(kind.dropFirst(4)) : kind
            return ResourceID(kind: bare, namespace: ref["namespace"]?.stringValue ?? "", name: name)
        }
    }
}
