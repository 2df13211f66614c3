/// Where a gateway's configuration comes from: a watched directory (``DirectorySource``), and later other
/// stores such as etcd.
///
/// A source reports the whole configuration each time it changes, never a difference, so a consumer that
/// misses an intermediate snapshot still ends up with the current state:
///
/// ```swift
/// var builder = ServingConfigurationBuilder()
/// for await snapshot in DirectorySource(paths: ["config"]).updates() {
///     let serving = builder.update(with: snapshot)
///     serve(serving.proxies, resources: serving.resources)
/// }
/// ```
public protocol ConfigurationSource: Sendable {
    /// The configuration now, then again after each change. The first element is the initial state; a
    /// snapshot is produced only when the configuration changed. Each call watches independently; the
    /// watching ends when the stream is no longer iterated (or its iterating task is cancelled).
    func updates() -> AsyncStream<ConfigurationSnapshot>
}
