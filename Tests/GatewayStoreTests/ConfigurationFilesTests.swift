import Foundation
import GatewayModel
import Testing

@testable import GatewayStore

@Suite("ConfigurationFiles: which files are read, in which order, with which messages")
struct ConfigurationFilesTests {
    @Test("directories are searched recursively for .yaml, .yml and .json in any case, sorted by path")
    func recursiveSearch() throws {
        let directory = try TemporaryDirectory([
            "b.yaml": "", "a.YML": "", "c/d/e.Json": "", "c/a.yaml": "", "notes.txt": "", "README.md": "",
        ])
        let files = try ConfigurationFiles(paths: [directory.path]).list()
        #expect(files == ["a.YML", "b.yaml", "c/a.yaml", "c/d/e.Json"].map(directory.callAsFunction))
        // A trailing slash is kept as given, not doubled.
        #expect(try ConfigurationFiles(paths: [directory.path + "/"]).list().first == directory.path + "/a.YML")
    }

    @Test("hidden entries (a ConfigMap's ..data) and editor temporaries are skipped; links to files are followed")
    func kubernetesConfigMapLayout() throws {
        let directory = try TemporaryDirectory([
            "..2026_01_01_00_00_00.1/upstream.yaml": upstreamYAML("echo"),
            "..2026_01_01_00_00_00.1/sub/vs.yaml": virtualServiceYAML("vs"),
            ".hidden.yaml": upstreamYAML("hidden"),
            "upstream.yaml~": "", "#upstream.yaml#": "", ".upstream.yaml.swp": "", "upstream.yaml.tmp": "",
            "draft.SWP": "", "#scratch.yaml#": upstreamYAML("scratch"),
        ])
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: directory("..data"), withDestinationPath: "..2026_01_01_00_00_00.1")
        try manager.createSymbolicLink(atPath: directory("upstream.yaml"), withDestinationPath: "..data/upstream.yaml")
        try manager.createSymbolicLink(atPath: directory("sub"), withDestinationPath: "..data/sub")
        let files = ConfigurationFiles(paths: [directory.path])
        #expect(try files.list() == [directory("sub/vs.yaml"), directory("upstream.yaml")])
        let snapshot = files.load()
        #expect(snapshot.fileErrors.isEmpty)
        #expect(snapshot.resources.upstreams.map(\.name) == ["echo"])
        #expect(snapshot.reports.reports.allSatisfy { $0.state == .accepted })
    }

    @Test("files named explicitly are read whatever their name; a missing path is the only error")
    func explicitFiles() throws {
        let directory = try TemporaryDirectory([".upstream.txt": upstreamYAML("echo"), "b.yaml": upstreamYAML("b")])
        let files = ConfigurationFiles(paths: [directory(".upstream.txt"), directory.path])
        #expect(try files.list() == [directory(".upstream.txt"), directory("b.yaml")])
        #expect(files.load().resources.upstreams.map(\.name) == ["b", "echo"])

        let missing = ConfigurationFiles(paths: [directory.path, "/no/such/path"])
        #expect(throws: ConfigurationFilesError(.notFound, "/no/such/path: no such file or directory")) {
            try missing.list()
        }
        let snapshot = missing.load()
        #expect(snapshot.fileErrors == ["/no/such/path: no such file or directory"])
        #expect(snapshot.resources.count == 0)
    }

    @Test("a file that does not parse is left out with file:line:column; the others load")
    func syntaxErrors() throws {
        let directory = try TemporaryDirectory([
            "bad.yaml": "kind: Gateway\nspec: {bindPort: [1\n",
            "good.yaml": upstreamYAML("echo"),
        ])
        let snapshot = ConfigurationFiles(paths: [directory.path]).load()
        #expect(snapshot.fileErrors.count == 1)
        #expect(snapshot.fileErrors.first?.hasPrefix(directory("bad.yaml") + ":3:1: ") == true)
        #expect(snapshot.resources.upstreams.map(\.name) == ["echo"])
        #expect(throws: ConfigurationFilesError.self) { try ConfigurationFiles.parse(directory("bad.yaml")) }
        let unreadable = try #require(throws: ConfigurationFilesError.self) {
            try ConfigurationFiles.parse(directory("none.yaml"))
        }
        #expect(unreadable.code == .unreadable)
        #expect(unreadable.message == directory("none.yaml") + ": cannot read the file")
    }

    @Test("a resource defined in two files: the first file in path order wins, the second is reported")
    func duplicatesAcrossFiles() throws {
        let directory = try TemporaryDirectory([
            "a.yaml": upstreamYAML("echo", port: 1), "b.yaml": upstreamYAML("echo"),
        ])
        let snapshot = ConfigurationFiles(paths: [directory.path]).load()
        #expect(snapshot.upstream("echo")?.spec.static?.hosts?.first?.port == 1)
        let errors = snapshot.report("Upstream", "echo")?.errors ?? []
        #expect(errors.contains { $0.contains("is defined more than once") && $0.contains("a.yaml") })
    }

    @Test("a symbolic link to a directory above does not make the search endless")
    func linkCycle() throws {
        let directory = try TemporaryDirectory(["sub/a.yaml": upstreamYAML("echo")])
        try FileManager.default.createSymbolicLink(atPath: directory("sub/loop"), withDestinationPath: "..")
        #expect(try ConfigurationFiles(paths: [directory.path]).list() == [directory("sub/a.yaml")])
    }

    @Test("skipped names", arguments: [".a.yaml", "a.yaml~", "a.swp", "A.SWO", "a.yaml.tmp", "#a.yaml#", "..data"])
    func ignored(name: String) {
        #expect(ConfigurationFiles.isIgnored(name))
        #expect(!ConfigurationFiles.isConfigurationFile(named: name))
    }

    @Test("read names", arguments: ["a.yaml", "a.YAML", "b.yml", "c.json", "#a.yaml", "a#.json", "tmp.yaml"])
    func read(name: String) {
        #expect(ConfigurationFiles.isConfigurationFile(named: name))
    }
}
