import Dispatch
internal import GatewayModel
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Configuration from files and directories on disk, watched for changes: the gateway's default source.
///
/// Files are found as ``ConfigurationFiles`` finds them (directories searched recursively; hidden entries such
/// as a ConfigMap volume's `..data` and editor temporaries skipped).
///
/// ## Watching
///
/// The paths are polled: every ``pollInterval`` the directories are listed and each file's fingerprint
/// (device and inode, size, modification time in nanoseconds) compared with the version read. Polling, rather
/// than inotify or kqueue, watches whole trees without one watch per directory, works the same on Linux and
/// macOS and on network and container file systems, sees a ConfigMap's symbolic links swapped, and runs into
/// no per-user watch limits. A scan of 1,000 files takes about 2 ms.
///
/// A change is debounced: once a scan sees one, the paths are scanned again every ``settleTime`` until a scan
/// finds nothing further changed; then only the changed files are read and one snapshot is produced.
/// - A file is only read once its fingerprint was the same across the settle time, and a read is only used
///   when the file did not change while it was read, so a file being written is not read half-way. (Files
///   replaced atomically by a rename, as editors, `kubectl cp` and ConfigMap updates do, are never seen
///   half-written at all.)
/// - A file that does not parse keeps its last good documents in the snapshot; its error is in
///   ``ConfigurationSnapshot/fileErrors`` and a warning on each of the resources kept. So a writer that pauses
///   longer than the settle time half-way through a file, leaving text that is not well-formed, does not drop
///   the file's resources.
/// - A removed file drops its resources (once it has been missing for the settle time).
/// - While files keep changing, the settling is cut short 0.4 s after the change was first seen: the files that
///   have settled by then are served, and the others follow once they settle. With the defaults a change is
///   visible after about 0.3 s, and any finished change within 0.8 s (poll interval + 0.4 s + settle time).
/// - No snapshot is produced when nothing changed, for example when a file is rewritten with the same
///   documents.
public final class DirectorySource: ConfigurationSource {
    /// Files and directories watched.
    public let paths: [String]
    /// How often the paths are scanned for changes.
    public let pollInterval: Duration
    /// How long a changed file must stay unchanged before it is read.
    public let settleTime: Duration
    /// How long after a change is first seen the files that have settled are served even while others keep
    /// changing.
    static let settleLimit = Duration.milliseconds(400)
    /// Counts the files read, over every watch and ``load()``.
    let readCounter = ReadCounter()

    /// Watches `paths` (files and directories).
    ///
    /// - Parameters:
    ///   - pollInterval: How often the paths are scanned for changes (default 200 ms).
    ///   - settleTime: How long a changed file must stay unchanged before it is read (default 100 ms).
    public init(
        paths: [String],
        pollInterval: Duration = .milliseconds(200),
        settleTime: Duration = .milliseconds(100)
    ) {
        self.paths = paths
        self.pollInterval = pollInterval
        self.settleTime = settleTime
    }

    /// Reads the configuration once, as the first snapshot of ``updates()`` would hold it: a path that does
    /// not exist is a file error and the others still load.
    public func load() -> ConfigurationSnapshot {
        var files = makeWatchedFiles()
        return files.update(to: files.scan(), earlier: nil, always: true) ?? ConfigurationSnapshot(revision: 1)
    }

    /// The configuration now, then again after each change. Snapshots not yet consumed are replaced by newer
    /// ones (each holds the whole configuration). Watching stops when the stream is dropped or its consumer
    /// cancelled.
    public func updates() -> AsyncStream<ConfigurationSnapshot> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: ConfigurationSnapshot.self,
            bufferingPolicy: .bufferingNewest(1)
        )
        let stopped = Mutex(false)
        continuation.onTermination = { _ in stopped.withLock { $0 = true } }
        // Scanning and reading block on the file system: they run on a thread of their own, never on Swift's
        // cooperative pool, so a busy process (or one whose pool is blocked) still sees changes on time.
        DispatchQueue(label: "GatewayStore.DirectorySource").async { [self] in
            watch(into: continuation) { stopped.withLock { $0 } }
            continuation.finish()
        }
        return stream
    }

    /// The number of files read and parsed so far.
    var filesRead: Int { readCounter.value }

    /// A file read less than this long after it was modified (nanoseconds) is read once more: longer than the
    /// modification clock's tick on common file systems, shorter than the settle time, so a settled change is
    /// read once.
    static let recentWindow: Int64 = 50_000_000

    private func makeWatchedFiles() -> WatchedFiles {
        WatchedFiles(paths: paths, recentWindow: Self.recentWindow, readCounter: readCounter)
    }

    /// Produces the first snapshot, then one after each settled change, until `isStopped`.
    private func watch(
        into continuation: AsyncStream<ConfigurationSnapshot>.Continuation,
        isStopped: () -> Bool
    ) {
        let clock = ContinuousClock()
        var files = makeWatchedFiles()
        if let initial = files.update(to: files.scan(), earlier: nil, always: true) {
            continuation.yield(initial)
        }
        while !isStopped() {
            Self.pause(pollInterval)
            var scan = files.scan()
            guard files.hasChanges(scan) else { continue }
            let limit = clock.now.advanced(by: Self.settleLimit)
            while !isStopped() {
                Self.pause(settleTime)
                let next = files.scan()
                if next == scan || clock.now >= limit {
                    if let snapshot = files.update(to: next, earlier: scan) { continuation.yield(snapshot) }
                    break
                }
                scan = next
            }
        }
    }

    /// Blocks the watching thread for `duration`.
    private static func pause(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var remaining = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        while true {
            var request = remaining
            guard nanosleep(&request, &remaining) != 0, errno == EINTR else { return }
        }
    }
}
