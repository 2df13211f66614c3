import Foundation
import GatewayXDS

/// Where the simulated Envoys run.
enum FleetPlacement: String, Codable, CaseIterable {
    /// In the server's process: memory figures cover both sides, an upper bound for the server.
    case sameProcess = "same-process"
    /// In a child process: memory figures are the server's alone.
    case separateProcess = "separate-process"
}

/// What one measurement found.
struct FanoutResult: Codable {
    var placement: FleetPlacement
    var streams: Int
    /// Encoded bytes of CDS, EDS, LDS and RDS in the snapshot.
    var typeSizes: [Int]
    var resourceCounts: [Int]
    /// From opening the streams until every stream had every type, ms.
    var initialSync: Double
    /// From `setSnapshot` until every stream had the new version of every type, ms, one per round.
    var fullChange: [Double]
    /// The same for one route changed (only RDS changes), ms.
    var oneRoute: [Double]
    /// CPU time the server's process used in each round (both sides when they share it), ms.
    var fullChangeServerCPU: [Double]
    var oneRouteServerCPU: [Double]
    /// CPU time the client process used in each round, when it is separate, ms.
    var fullChangeClientCPU: [Double]
    var oneRouteClientCPU: [Double]
    /// Memory with the snapshot set and no stream, and with every stream synced and idle.
    var idleWithout: MemorySample
    var idleWith: MemorySample
    /// Peak resident size while the rounds were pushed, bytes.
    var peakDuringPushes: Int
    /// Resident size and allocated bytes of the client process, when it is separate.
    var clientProcess: MemorySample?
    /// Whether the server recorded every stream's ACK of the last version of every type.
    var allAcknowledged: Bool
}

struct MemorySample: Codable {
    /// `VmRSS` as found.
    var resident: Int
    /// `VmRSS` after `malloc_trim(0)`.
    var trimmedResident: Int
    /// Bytes allocated and not freed (`mallinfo2`).
    var allocated: Int

    static func take() -> MemorySample {
        let raw = ProcessMemory.current()
        ProcessMemory.trim()
        let trimmed = ProcessMemory.current()
        return MemorySample(resident: raw.resident, trimmedResident: trimmed.resident, allocated: trimmed.allocated)
    }
}

/// Controls the simulated Envoys, wherever they run.
protocol FleetControl {
    /// From now on, the fleet is in sync when every stream has these versions of CDS, EDS, LDS, RDS.
    func expect(_ versions: [String]) async throws
    /// Waits until the fleet is in sync; returns when the last expected version arrived (`CLOCK_MONOTONIC`, ns)
    /// and the CPU time the client process has used so far (0 when it is this process), ms.
    func synced() async throws -> (time: UInt64, clientCPU: Double)
    /// The client process's memory, when it has one of its own.
    func memory() async throws -> MemorySample?
}

struct InProcessFleet: FleetControl {
    let tracker: SyncTracker
    func expect(_ versions: [String]) async throws { tracker.expect(versions) }
    func synced() async throws -> (time: UInt64, clientCPU: Double) { (await tracker.synced(), 0) }
    func memory() async throws -> MemorySample? { nil }
}

/// The fleet in a child process (`XDSFanout --clients PORT STREAMS KEY`), driven over its standard input and
/// output, one command and one answer a line.
final class ChildProcessFleet: FleetControl {
    private let channel: LineChannel
    private var answers: AsyncStream<String>.Iterator

    init(channel: LineChannel) {
        self.channel = channel
        answers = channel.lines.makeAsyncIterator()
    }

    private func ask(_ command: String) async throws -> [Substring] {
        channel.send(command)
        let answer = try await nextLine(&answers)
        return answer.split(separator: " ")
    }

    func expect(_ versions: [String]) async throws {
        _ = try await ask("expect " + versions.joined(separator: " "))
    }

    func synced() async throws -> (time: UInt64, clientCPU: Double) {
        let answer = try await ask("synced")
        guard answer.count == 3, answer[0] == "synced", let time = UInt64(answer[1]), let cpu = Double(answer[2])
        else {
            throw FanoutFailure("unexpected answer from the client process: \(answer)")
        }
        return (time, cpu)
    }

    func memory() async throws -> MemorySample? {
        let answer = try await ask("memory")
        guard answer.count == 4, answer[0] == "memory" else {
            throw FanoutFailure("unexpected answer from the client process: \(answer)")
        }
        return MemorySample(
            resident: Int(answer[1]) ?? 0,
            trimmedResident: Int(answer[2]) ?? 0,
            allocated: Int(answer[3]) ?? 0
        )
    }

    func quit() {
        channel.send("quit")
    }

    /// Serves the commands of a ``ChildProcessFleet`` (in the child process) until `quit`.
    static func serve(tracker: SyncTracker, channel: LineChannel) async {
        for await line in channel.lines {
            let words = line.split(separator: " ").map(String.init)
            switch words.first {
            case "expect":
                tracker.expect(Array(words.dropFirst()))
                channel.send("ok")
            case "synced":
                let time = await tracker.synced()
                channel.send("synced \(time) \(processCPUMilliseconds())")
            case "memory":
                let sample = MemorySample.take()
                channel.send("memory \(sample.resident) \(sample.trimmedResident) \(sample.allocated)")
            default:
                return
            }
        }
    }
}

/// The measurement: a server on 127.0.0.1:0 serving the 1,000-VirtualService snapshot, memory with no stream,
/// `streams` simulated Envoys synced, memory again once idle, then `rounds` pushes of each kind of change.
struct FanoutMeasurement {
    var placement: FleetPlacement
    var streams: Int
    var rounds: Int

    func run() async throws -> FanoutResult {
        let workload = Workload.make()
        let cache = SnapshotCache()
        var current = XDSSnapshot(workload.base)
        cache.setSnapshot(current, forKey: workload.key)
        let server = XDSServer(cache: cache, host: "127.0.0.1", port: 0)
        let (addresses, announce) = AsyncStream.makeStream(of: String.self)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.run { address in
                    announce.yield(address)
                    announce.finish()
                }
            }
            var iterator = addresses.makeAsyncIterator()
            guard let address = await iterator.next(),
                let port = address.split(separator: ":").last.flatMap({ Int($0) })
            else { throw FanoutFailure("the server did not start") }
            try await Task.sleep(for: .milliseconds(500))
            let idleWithout = MemorySample.take()
            let started = monotonicNanoseconds()

            let result = try await withFleet(port: port, key: workload.key) { fleet in
                try await fleet.expect(Workload.versions(current))
                let initialSync = Double(try await fleet.synced().time - started) / 1e6
                guard cache.streams.count == streams else {
                    throw FanoutFailure("the server has \(cache.streams.count) streams, expected \(streams)")
                }
                try await Task.sleep(for: .seconds(1))
                let idleWith = MemorySample.take()
                let clientProcess = try await fleet.memory()
                try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)

                var clientCPU = try await fleet.synced().clientCPU
                /// Pushes a snapshot of `resources`; returns the time until the fleet had it, and the CPU time
                /// both processes used meanwhile and while the ACKs came in.
                func push(_ resources: XDSResources) async throws -> (time: Double, server: Double, client: Double) {
                    current = XDSSnapshot(resources, reusing: current)
                    try await fleet.expect(Workload.versions(current))
                    let serverCPU = processCPUMilliseconds()
                    let start = monotonicNanoseconds()
                    cache.setSnapshot(current, forKey: workload.key)
                    let done = try await fleet.synced().time
                    // Lets the ACKs reach the server before the next round.
                    try await Task.sleep(for: .milliseconds(300))
                    let server = processCPUMilliseconds() - serverCPU
                    let client = try await fleet.synced().clientCPU
                    defer { clientCPU = client }
                    return (Double(done - start) / 1e6, server, client - clientCPU)
                }
                var fullChange: [(time: Double, server: Double, client: Double)] = []
                for round in 0..<rounds {
                    fullChange.append(try await push(round.isMultiple(of: 2) ? workload.fullChange : workload.base))
                }
                if rounds % 2 == 1 { _ = try await push(workload.base) }
                var oneRoute: [(time: Double, server: Double, client: Double)] = []
                for round in 0..<rounds {
                    oneRoute.append(try await push(round.isMultiple(of: 2) ? workload.oneRoute : workload.base))
                }
                let peak = ProcessMemory.current().peakResident
                let versions = Workload.versions(current)
                let allAcknowledged = cache.streams.allSatisfy { status in
                    zip(SyncTracker.types, versions).allSatisfy { status.acknowledged[$0] == $1 }
                }
                return FanoutResult(
                    placement: placement,
                    streams: streams,
                    typeSizes: Workload.sizes(current),
                    resourceCounts: SyncTracker.types.map { current.count(of: $0) },
                    initialSync: initialSync,
                    fullChange: fullChange.map(\.time),
                    oneRoute: oneRoute.map(\.time),
                    fullChangeServerCPU: fullChange.map(\.server),
                    oneRouteServerCPU: oneRoute.map(\.server),
                    fullChangeClientCPU: fullChange.map(\.client),
                    oneRouteClientCPU: oneRoute.map(\.client),
                    idleWithout: idleWithout,
                    idleWith: idleWith,
                    peakDuringPushes: peak,
                    clientProcess: clientProcess,
                    allAcknowledged: allAcknowledged
                )
            }
            group.cancelAll()
            return result
        }
    }

    private func withFleet(
        port: Int,
        key: String,
        _ body: (any FleetControl) async throws -> FanoutResult
    ) async throws -> FanoutResult {
        switch placement {
        case .sameProcess:
            let tracker = SyncTracker(streams: streams)
            return try await ClientFleet(port: port, streams: streams, key: key, tracker: tracker).run {
                try await body(InProcessFleet(tracker: tracker))
            }
        case .separateProcess:
            let child = Process()
            child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            child.arguments = ["--clients", String(port), String(streams), key]
            let commands = Pipe()
            let answers = Pipe()
            child.standardInput = commands
            child.standardOutput = answers
            try child.run()
            let fleet = ChildProcessFleet(
                channel: LineChannel(
                    input: answers.fileHandleForReading.fileDescriptor,
                    output: commands.fileHandleForWriting.fileDescriptor
                )
            )
            do {
                let result = try await body(fleet)
                fleet.quit()
                while child.isRunning { try await Task.sleep(for: .milliseconds(10)) }
                return result
            } catch {
                child.terminate()
                throw error
            }
        }
    }
}
