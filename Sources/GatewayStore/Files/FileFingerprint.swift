#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// What identifies one version of a file without reading it: device and inode (a file replaced by a rename, as
/// editors and Kubernetes ConfigMap updates do, gets a new inode), size, and modification time in nanoseconds.
/// Symbolic links are followed: the fingerprint is that of the file a link points to.
struct FileFingerprint: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    /// Modification time, nanoseconds since 1970.
    var modified: Int64
    /// Whether the path is a directory; otherwise whether it is a regular file.
    var isDirectory: Bool
    var isRegularFile: Bool

    /// The fingerprint of the file at `path` (following symbolic links); nil when it cannot be examined.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    /// The fingerprint of an open file.
    init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        self.init(info)
    }

    private init(_ info: stat) {
        device = UInt64(truncatingIfNeeded: info.st_dev)
        inode = UInt64(truncatingIfNeeded: info.st_ino)
        size = Int64(truncatingIfNeeded: info.st_size)
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        modified = Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
        let type = info.st_mode & S_IFMT
        isDirectory = type == S_IFDIR
        isRegularFile = type == S_IFREG
    }

    /// Whether this version was modified less than `window` nanoseconds before now (or claims to be modified
    /// in the future). File systems stamp modification times with a coarse clock, so a write that follows a
    /// read within the same tick, without changing the size, leaves the fingerprint as it was; a file read
    /// while its modification time is this recent is therefore read again once it is older.
    func isRecent(within window: Int64) -> Bool {
        var now = timespec()
        guard clock_gettime(CLOCK_REALTIME, &now) == 0 else { return true }
        let nanoseconds = Int64(now.tv_sec) &* 1_000_000_000 &+ Int64(now.tv_nsec)
        return nanoseconds &- modified < window
    }
}
