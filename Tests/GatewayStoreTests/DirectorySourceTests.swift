import Foundation
import GatewayModel
import Testing

@testable import GatewayStore

@Suite("DirectorySource: a watched directory")
struct DirectorySourceTests {
    @Test("the first snapshot holds the initial configuration; load() reads the same once")
    func initialLoad() async throws {
        let directory = try TemporaryDirectory([
            "upstream.yaml": upstreamYAML("echo"), "vs.yaml": virtualServiceYAML("vs"),
        ])
        let source = DirectorySource(paths: [directory.path])
        let once = source.load()
        #expect(once.revision == 1)
        #expect(once.resources.upstreams.map(\.name) == ["echo"])
        #expect(once.resources.virtualServices.map(\.name) == ["vs"])

        let recorder = SnapshotRecorder(source)
        let first = try await recorder.first().snapshot
        #expect(first.revision == 1)
        #expect(first.resources == once.resources)
        #expect(first.reports == once.reports)
        #expect(first.fileErrors.isEmpty)
    }

    @Test("adding, changing and removing a file is visible within 1 s; nothing is produced when nothing changed")
    func changesAreVisibleQuickly() async throws {
        let directory = try TemporaryDirectory(["upstream.yaml": upstreamYAML("echo")])
        let source = DirectorySource(paths: [directory.path])
        let recorder = SnapshotRecorder(source)
        _ = try await recorder.first()
        var latencies: [Duration] = []

        var start = ContinuousClock.now
        try directory.write("more/other.yaml", upstreamYAML("other"))
        var arrival = try await recorder.first(after: 1) { $0.upstream("other") != nil }
        latencies.append(arrival.time - start)
        #expect(arrival.snapshot.revision == 2)

        start = ContinuousClock.now
        try directory.write("upstream.yaml", upstreamYAML("echo", port: 9090))
        arrival = try await recorder.first(after: 2) { $0.upstream("echo")?.spec.static?.hosts?.first?.port == 9090 }
        latencies.append(arrival.time - start)

        start = ContinuousClock.now
        try directory.remove("more/other.yaml")
        arrival = try await recorder.first(after: 3) { $0.upstream("other") == nil }
        latencies.append(arrival.time - start)
        #expect(arrival.snapshot.upstream("echo") != nil)

        // Rewriting a file with the same documents changes nothing.
        try directory.write("upstream.yaml", upstreamYAML("echo", port: 9090))
        try await Task.sleep(for: .milliseconds(600))
        #expect(recorder.arrivals.count == 4)
        #expect(recorder.arrivals.map(\.snapshot.revision) == [1, 2, 3, 4])
        print("DirectorySource change latency (add, modify, remove): \(latencies)")
        for latency in latencies { #expect(latency < .seconds(1)) }
    }

    @Test("a file written in two halves (the first not valid YAML) never drops the file's resources")
    func halfWrittenFile() async throws {
        let directory = try TemporaryDirectory(["upstreams.yaml": upstreamYAML("echo") + "---\n" + upstreamYAML("api")])
        let source = DirectorySource(paths: [directory.path])
        let recorder = SnapshotRecorder(source)
        _ = try await recorder.first()

        let complete = upstreamYAML("echo", port: 9090) + "---\n" + upstreamYAML("api", port: 9091)
        // Cut inside a flow mapping: the first half is not well-formed YAML.
        let cut = try #require(complete.range(of: "metadata: {name: echo, ")).upperBound
        let handle = try #require(FileHandle(forWritingAtPath: directory("upstreams.yaml")))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(complete[..<cut].utf8))
        // Long enough for the half to settle and be read.
        try await Task.sleep(for: .milliseconds(500))
        try handle.write(contentsOf: Data(complete[cut...].utf8))
        try handle.close()

        let done = try await recorder.first { $0.upstream("api")?.spec.static?.hosts?.first?.port == 9091 }
        // The half was read: its syntax error was reported while the previous documents kept serving.
        #expect(recorder.arrivals.contains { !$0.snapshot.fileErrors.isEmpty })
        #expect(done.snapshot.fileErrors.isEmpty)
        #expect(done.snapshot.upstream("echo")?.spec.static?.hosts?.first?.port == 9090)
        for arrival in recorder.arrivals {
            #expect(arrival.snapshot.upstream("echo") != nil)
            #expect(arrival.snapshot.upstream("api") != nil)
        }
    }

    @Test("a syntax error keeps the file's last good documents, with the error in fileErrors and reports")
    func syntaxErrorKeepsLastGood() async throws {
        let directory = try TemporaryDirectory(["upstream.yaml": upstreamYAML("echo"), "other.yaml": upstreamYAML("b")])
        let source = DirectorySource(paths: [directory.path])
        let recorder = SnapshotRecorder(source)
        let first = try await recorder.first().snapshot

        try directory.write("upstream.yaml", "apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata: {name: echo\n")
        let broken = try await recorder.first(after: 1) { !$0.fileErrors.isEmpty }.snapshot
        #expect(broken.fileErrors.count == 1)
        #expect(broken.fileErrors.first?.hasPrefix(directory("upstream.yaml") + ":") == true)
        #expect(broken.resources == first.resources)
        let report = try #require(broken.report("Upstream", "echo"))
        #expect(report.state == .warning)
        #expect(report.warnings.contains { $0.contains("the last version of \(directory("upstream.yaml"))") })
        #expect(broken.report("Upstream", "b")?.state == .accepted)

        // Fixed: the new version is served and the error is gone.
        try directory.write("upstream.yaml", upstreamYAML("echo", port: 7))
        let fixed = try await recorder.first(after: 2) { $0.fileErrors.isEmpty }.snapshot
        #expect(fixed.upstream("echo")?.spec.static?.hosts?.first?.port == 7)
        #expect(fixed.report("Upstream", "echo")?.state == .accepted)
    }

    @Test("a file that never parsed contributes only its error")
    func neverParsed() async throws {
        let directory = try TemporaryDirectory(["bad.yaml": "kind: [", "good.yaml": upstreamYAML("echo")])
        let snapshot = DirectorySource(paths: [directory.path, directory("missing")]).load()
        #expect(snapshot.resources.upstreams.map(\.name) == ["echo"])
        #expect(snapshot.fileErrors.count == 2)
        #expect(snapshot.fileErrors.first == directory("missing") + ": no such file or directory")
    }

    @Test("hidden ..data directories and editor temporaries are ignored; a ConfigMap update is seen")
    func configMapUpdate() async throws {
        let directory = try TemporaryDirectory([
            "..2026_01_01/upstream.yaml": upstreamYAML("echo"),
            "upstream.yaml~": upstreamYAML("backup"),
            ".upstream.yaml.swp": "binary",
            "#upstream.yaml#": upstreamYAML("autosave"),
            "upstream.yaml.tmp": upstreamYAML("temporary"),
        ])
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: directory("..data"), withDestinationPath: "..2026_01_01")
        try manager.createSymbolicLink(atPath: directory("upstream.yaml"), withDestinationPath: "..data/upstream.yaml")
        let source = DirectorySource(paths: [directory.path])
        let recorder = SnapshotRecorder(source)
        let first = try await recorder.first().snapshot
        #expect(first.resources.upstreams.map(\.name) == ["echo"])
        #expect(first.reports.reports.map(\.state) == [.accepted])
        #expect(first.fileErrors.isEmpty)

        // The kubelet writes a new timestamped directory and swaps the ..data link with a rename.
        let start = ContinuousClock.now
        try directory.write("..2026_01_02/upstream.yaml", upstreamYAML("echo", port: 9090))
        try manager.createSymbolicLink(atPath: directory("..data_tmp"), withDestinationPath: "..2026_01_02")
        #expect(rename(directory("..data_tmp"), directory("..data")) == 0)
        try manager.removeItem(atPath: directory("..2026_01_01"))
        let updated = try await recorder.first(after: 1) {
            $0.upstream("echo")?.spec.static?.hosts?.first?.port == 9090
        }
        #expect(updated.time - start < .seconds(1))
        #expect(updated.snapshot.resources.upstreams.map(\.name) == ["echo"])
        #expect(updated.snapshot.reports.reports.map(\.state) == [.accepted])
    }

    @Test("files in nested directories are found, also in directories created later")
    func nestedDirectories() async throws {
        let directory = try TemporaryDirectory(["a/b/c/upstream.yaml": upstreamYAML("deep")])
        let source = DirectorySource(paths: [directory.path])
        let recorder = SnapshotRecorder(source)
        #expect(try await recorder.first().snapshot.upstream("deep") != nil)
        try directory.write("x/y/z/w/other.yml", upstreamYAML("deeper"))
        let next = try await recorder.first(after: 1) { $0.upstream("deeper") != nil }.snapshot
        #expect(next.upstream("deep") != nil)
        try FileManager.default.removeItem(atPath: directory("a"))
        let removed = try await recorder.first(after: 2) { $0.upstream("deep") == nil }.snapshot
        #expect(removed.upstream("deeper") != nil)
    }

    @Test("a path that does not exist yet is a file error until it appears")
    func pathAppearsLater() async throws {
        let directory = try TemporaryDirectory()
        let source = DirectorySource(paths: [directory("config")])
        let recorder = SnapshotRecorder(source)
        let first = try await recorder.first().snapshot
        #expect(first.fileErrors == [directory("config") + ": no such file or directory"])
        try directory.write("config/upstream.yaml", upstreamYAML("echo"))
        let next = try await recorder.first(after: 1) { $0.upstream("echo") != nil }.snapshot
        #expect(next.fileErrors.isEmpty)
    }

    @Test("with 1,000 files, changing one re-reads only that file")
    func oneOfAThousand() async throws {
        let directory = try TemporaryDirectory()
        for index in 0..<1000 {
            try directory.write("group-\(index % 10)/upstream-\(index).yaml", upstreamYAML("us-\(index)"))
        }
        // Files modified just before they are read are read once more; let them age first.
        try await Task.sleep(for: .milliseconds(120))
        let source = DirectorySource(paths: [directory.path])
        let recorder = SnapshotRecorder(source)
        let first = try await recorder.first().snapshot
        #expect(first.resources.upstreams.count == 1000)
        #expect(source.filesRead == 1000)

        let start = ContinuousClock.now
        try directory.write("group-7/upstream-517.yaml", upstreamYAML("us-517", port: 1234))
        let next = try await recorder.first(after: 1) { $0.upstream("us-517")?.spec.static?.hosts?.first?.port == 1234 }
        #expect(next.time - start < .seconds(1))
        #expect(next.snapshot.resources.upstreams.count == 1000)
        #expect(source.filesRead == 1001)
        print("DirectorySource change latency with 1,000 files: \(next.time - start)")
    }

    @Test("watching stops when the stream's consumer is cancelled")
    func cancellation() async throws {
        let directory = try TemporaryDirectory(["upstream.yaml": upstreamYAML("echo")])
        let source = DirectorySource(paths: [directory.path], pollInterval: .milliseconds(20))
        let consumer = Task {
            var count = 0
            for await _ in source.updates() { count += 1 }
            return count
        }
        try await Task.sleep(for: .milliseconds(100))
        consumer.cancel()
        #expect(await consumer.value == 1)
    }
}

@Suite("DirectorySource: a file that keeps changing")
struct ChurningFileTests {
    @Test("while one file keeps changing, a change to another is visible within 1 s; the busy file is not read")
    func churn() async throws {
        let directory = try TemporaryDirectory(["busy.yaml": upstreamYAML("busy"), "calm.yaml": upstreamYAML("calm")])
        let source = DirectorySource(paths: [directory.path])
        let recorder = SnapshotRecorder(source)
        _ = try await recorder.first()
        let writer = Task {
            var port = 1
            while !Task.isCancelled {
                try? directory.write("busy.yaml", upstreamYAML("busy", port: port))
                port += 1
                try? await Task.sleep(for: .milliseconds(30))
            }
        }
        let start = ContinuousClock.now
        try directory.write("calm.yaml", upstreamYAML("calm", port: 9090))
        let changed = try await recorder.first(after: 1) {
            $0.upstream("calm")?.spec.static?.hosts?.first?.port == 9090
        }
        writer.cancel()
        print("DirectorySource change latency while another file keeps changing: \(changed.time - start)")
        #expect(changed.time - start < .seconds(1))
        // The busy file is served in a version that settled (here its first) while it keeps changing.
        #expect(recorder.arrivals.allSatisfy { $0.snapshot.upstream("busy") != nil })
        _ = await writer.value
        // Once it stops changing, its last version is read.
        let settled = try await recorder.first(after: 2) {
            $0.upstream("busy")?.spec.static?.hosts?.first?.port != 8080
        }
        #expect(settled.snapshot.upstream("calm")?.spec.static?.hosts?.first?.port == 9090)
    }
}
