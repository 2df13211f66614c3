#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The bytes of one file, with the fingerprint of the version they were read from.
struct FileContents: Sendable {
    var bytes: [UInt8]
    /// The fingerprint of the open file before reading; nil when the file changed while it was read (its bytes
    /// may then mix two versions).
    var fingerprint: FileFingerprint?

    /// Reads the whole file at `path`; nil when it cannot be opened or read.
    init?(path: String) {
        // Non-blocking, so that a FIFO given as a file reads as empty instead of waiting for a writer.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let before = FileFingerprint(descriptor: descriptor)
        guard before?.isDirectory != true else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(clamping: max(0, before?.size ?? 0)) + 1)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes += chunk[..<count]
            } else if count == 0 {
                break
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                break
            } else {
                return nil
            }
        }
        let after = FileFingerprint(descriptor: descriptor)
        self.bytes = bytes
        // A regular file's size must match what was read: a file truncated and rewritten within one tick of the
        // modification clock keeps its fingerprint.
        let complete = after.map { !$0.isRegularFile || $0.size == Int64(bytes.count) } ?? false
        self.fingerprint = before == after && complete ? after : nil
    }
}
