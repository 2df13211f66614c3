extension ConfigurationSource {
    /// What to serve now, then again after each change: ``updates()`` passed through a
    /// ``ServingConfigurationBuilder``, so that a Rejected edit never takes away something already serving.
    public func servingConfigurations() -> AsyncStream<ServingConfiguration> {
        let snapshots = updates()
        let (stream, continuation) = AsyncStream.makeStream(
            of: ServingConfiguration.self,
            bufferingPolicy: .bufferingNewest(1)
        )
        let task = Task {
            var builder = ServingConfigurationBuilder()
            for await snapshot in snapshots {
                continuation.yield(builder.update(with: snapshot))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
