import Testing

@testable import GatewayModel

/// ``ResourceLoader/parse(_:file:)`` and ``ResourceLoader/add(_:)`` split loading into a per-file part that can
/// be kept while a file is unchanged and the cheap part that combines files.
@Suite("ResourceLoader.ParsedFile: parsing files apart, adding them together")
struct ParsedFileTests {
    private static let first = """
        apiVersion: gloo.solo.io/v1
        kind: Upstream
        metadata: {name: echo}
        spec: {static: {hosts: [{addr: 127.0.0.1, port: 80}]}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        """
    private static let second = """
        apiVersion: gloo.solo.io/v1
        kind: List
        items:
        - apiVersion: gloo.solo.io/v1
          kind: Upstream
          metadata: {name: echo}
          spec: {static: {hosts: [{addr: 127.0.0.2, port: 80}]}}
        - apiVersion: gloo.solo.io/v1
          kind: Upstream
          metadata: {name: other}
          spec: {static: {hosts: [{addr: 127.0.0.3, port: 80}]}, extra: 1}
        """

    @Test("adding parsed files gives what loading them one after the other gives, duplicates included")
    func sameAsLoading() throws {
        var loaded = ResourceLoader()
        try loaded.load(Self.first, file: "a.yaml")
        try loaded.load(Self.second, file: "b.yaml")

        var added = ResourceLoader()
        added.add([
            try ResourceLoader.parse(Array(Self.first.utf8), file: "a.yaml"),
            try ResourceLoader.parse(Array(Self.second.utf8), file: "b.yaml"),
        ])
        #expect(added.resources == loaded.resources)
        #expect(added.resources.locations == loaded.resources.locations)
        #expect(added.reports == loaded.reports)
        #expect(added.resources.upstreams.map(\.name) == ["echo", "other"])
        let echo = ResourceID(kind: "Upstream", namespace: "default", name: "echo")
        #expect(added.reports.errors(for: echo).first?.contains("is defined more than once") == true)

        // One file at a time gives the same again.
        var oneByOne = ResourceLoader()
        oneByOne.add(try ResourceLoader.parse(Array(Self.first.utf8), file: "a.yaml"))
        oneByOne.add(try ResourceLoader.parse(Array(Self.second.utf8), file: "b.yaml"))
        #expect(oneByOne.resources == loaded.resources)
        #expect(oneByOne.reports == loaded.reports)
    }

    @Test("resourceIDs lists every document's kind, namespace and name as written")
    func resourceIDs() throws {
        let parsed = try ResourceLoader.parse(Array(Self.second.utf8), file: "b.yaml")
        #expect(parsed.file == "b.yaml")
        #expect(parsed.resourceIDs.map(\.description) == ["Upstream default.echo", "Upstream default.other"])
        let first = try ResourceLoader.parse(Array(Self.first.utf8), file: "a.yaml")
        #expect(first.resourceIDs.map(\.kind) == ["Upstream", "ConfigMap"])
    }

    @Test("a document that is not a resource makes the whole file unreadable; nothing of it is used")
    func notAResource() throws {
        let text = Self.first + "\n---\n- just a list\n"
        #expect(throws: ConfigSyntaxError.self) { try ResourceLoader.parse(Array(text.utf8), file: "c.yaml") }
        var loader = ResourceLoader()
        #expect(throws: ConfigSyntaxError.self) { try loader.load(text, file: "c.yaml") }
        #expect(loader.resources == ResourceSet())
        #expect(loader.reports.reports.isEmpty)
    }
}
