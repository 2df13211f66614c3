public import GatewayModel
import Synchronization

/// Keeps the functions of the selected Upstreams current: one task per Upstream polls its functions, waits longer
/// after each failure in a row, and reports a new ``DiscoveryResults`` only when a function set or a status
/// changed. Failures never take away functions found before. Call ``stop()`` when done: the polling tasks keep the
/// loop alive until then.
///
/// ```swift
/// let loop = FunctionDiscoveryLoop()
/// loop.update(resources)                 // on every new configuration
/// for await results in loop.results {     // serve results.applied(to: resources)
/// }
/// ```
public final class FunctionDiscoveryLoop: Sendable {
    /// How often discovery runs.
    public struct Timing: Sendable, Hashable {
        /// Between successful polls of a Swagger/OpenAPI document (Gloo Edge: 15 s).
        public var swaggerInterval: Duration = .seconds(15)
        /// Between successful polls of a gRPC server (Gloo Edge: 60 s).
        public var grpcInterval: Duration = .seconds(60)
        /// Between successful listings of Lambda functions.
        public var lambdaInterval: Duration = .seconds(15)
        /// The wait after a first failure; it doubles with each failure in a row.
        public var initialBackoff: Duration = .seconds(1)
        /// The longest wait after failures.
        public var maximumBackoff: Duration = .seconds(60)

        /// Gloo Edge's intervals, except Lambda's (Gloo Edge lists every second).
        public init() {}

        /// The wait before the next attempt after `failures` failures in a row (0: after a success).
        func delay(after plan: DiscoveryPlan, failures: Int) -> Duration {
            if failures > 0 {
                var delay = initialBackoff
                for _ in 1..<min(failures, 32) where delay < maximumBackoff { delay *= 2 }
                return min(delay, maximumBackoff)
            }
            switch plan {
            case .grpc: return grpcInterval
            case .lambda: return lambdaInterval
            case .swagger, .detect, .blocked: return swaggerInterval
            }
        }
    }

    /// Finds the functions of a plan.
    public typealias Discover = @Sendable (DiscoveryPlan) async throws(DiscoveryError) -> DiscoveredFunctions

    private struct Worker {
        var plan: DiscoveryPlan
        var generation: Int
        var task: Task<Void, Never>?
    }

    private struct State {
        var workers: [ResourceID: Worker] = [:]
        var results = DiscoveryResults()
        var generation = 0
        var stopped = false
    }

    /// Every change of the results, newest first when the reader falls behind (only the latest is kept).
    public let results: AsyncStream<DiscoveryResults>
    private let continuation: AsyncStream<DiscoveryResults>.Continuation
    private let state = Mutex(State())
    private let discover: Discover
    private let timing: Timing
    private let environment: [String: String]

    /// A loop that finds functions with `discover`, polling as `timing` says. `environment` gives the `AWS_*`
    /// variables (credentials, `AWS_ENDPOINT_URL_LAMBDA`).
    public init(
        timing: Timing = Timing(),
        environment: [String: String] = [:],
        discover: @escaping Discover
    ) {
        (results, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.timing = timing
        self.environment = environment
        self.discover = discover
    }

    /// A loop with the real discoveries, bounded by `limits`.
    public convenience init(
        limits: DiscoveryLimits = DiscoveryLimits(),
        timing: Timing = Timing(),
        environment: [String: String] = [:]
    ) {
        let discoverer = FunctionDiscoverer(limits: limits)
        self.init(timing: timing, environment: environment) { plan throws(DiscoveryError) in
            try await discoverer.discover(plan)
        }
    }

    deinit { stop() }

    /// The results now.
    public var current: DiscoveryResults { state.withLock { $0.results } }

    /// Looks at the Upstreams of `resources` (selected as ``DiscoverySelection`` says from the first Settings):
    /// starts discovery for new ones and for those whose plan changed, stops it for those gone.
    public func update(_ resources: ResourceSet, namespaceLabels: [String: [String: String]] = [:]) {
        let selection = DiscoverySelection(settings: resources.settings.first?.spec, namespaceLabels: namespaceLabels)
        var plans: [ResourceID: DiscoveryPlan] = [:]
        for upstream in resources.upstreams where selection.selects(upstream) {
            if let plan = DiscoveryPlan.plan(for: upstream, secrets: resources.secrets, environment: environment) {
                plans[ResourceID(upstream)] = plan
            }
        }
        var started: [(ResourceID, DiscoveryPlan, Int)] = []
        let changed = state.withLock { state -> DiscoveryResults? in
            guard !state.stopped else { return nil }
            let before = state.results
            for (id, worker) in state.workers where plans[id] == nil {
                worker.task?.cancel()
                state.workers[id] = nil
                state.results.statuses[id] = nil
            }
            for (id, plan) in plans where state.workers[id]?.plan != plan {
                state.workers[id]?.task?.cancel()
                state.generation += 1
                state.workers[id] = Worker(plan: plan, generation: state.generation)
                // Functions found before stay until the new plan finds others.
                let kept = state.results.statuses[id]?.functions
                if case .blocked(let error) = plan {
                    state.results.statuses[id] = UpstreamDiscoveryStatus(state: .blocked, functions: kept, error: error)
                } else {
                    state.results.statuses[id] = UpstreamDiscoveryStatus(state: .pending, functions: kept)
                    started.append((id, plan, state.generation))
                }
            }
            return state.results == before ? nil : state.results
        }
        for (id, plan, generation) in started {
            let task = Task { [weak self] () -> Void in await self?.run(id, plan: plan, generation: generation) }
            state.withLock { state in
                if state.workers[id]?.generation == generation { state.workers[id]?.task = task } else { task.cancel() }
            }
        }
        if let changed { continuation.yield(changed) }
    }

    /// Stops every discovery and ends ``results``.
    public func stop() {
        let workers = state.withLock { state in
            state.stopped = true
            defer { state.workers = [:] }
            return state.workers.values
        }
        for worker in workers { worker.task?.cancel() }
        continuation.finish()
    }

    private func run(_ id: ResourceID, plan: DiscoveryPlan, generation: Int) async {
        while !Task.isCancelled {
            let outcome: Result<DiscoveredFunctions, DiscoveryError>
            do {
                outcome = .success(try await discover(plan))
            } catch {
                outcome = .failure(error)
            }
            guard !Task.isCancelled, let failures = record(outcome, for: id, generation: generation) else { return }
            // An inline document cannot change without the Upstream changing, which starts a new task.
            if case .swagger(.inline) = plan { return }
            try? await Task.sleep(for: timing.delay(after: plan, failures: failures))
        }
    }

    /// Records an attempt's outcome; returns the failures in a row, or nil when this task is no longer current.
    private func record(
        _ outcome: Result<DiscoveredFunctions, DiscoveryError>,
        for id: ResourceID,
        generation: Int
    )
        -> Int?
    {
        let (failures, changed) = state.withLock { state -> (Int?, DiscoveryResults?) in
            guard state.workers[id]?.generation == generation, var status = state.results.statuses[id] else {
                return (nil, nil)
            }
            let before = status
            switch outcome {
            case .success(let functions):
                status = UpstreamDiscoveryStatus(state: .discovered, functions: functions)
            case .failure(let error):
                status.state = .failed
                status.error = error
                status.consecutiveFailures += 1
            }
            state.results.statuses[id] = status
            // A repeated failure with the same message changes nothing anyone reads: no new results.
            var comparable = before
            comparable.consecutiveFailures = status.consecutiveFailures
            return (status.consecutiveFailures, comparable == status ? nil : state.results)
        }
        if let changed { continuation.yield(changed) }
        return failures
    }
}
