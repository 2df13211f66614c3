public import ServiceLifecycle

extension GatewayServer: Service {
    /// Serves until the service group shuts down (a signal, or another service ending), then drains: listeners
    /// close, requests in flight finish within ``drainPeriod``, the event loops stop.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown(gracePeriod: drainPeriod)
    }
}
