internal import Synchronization

/// Counts the files a source has read and parsed (what tests check to see that a change re-reads only the
/// files it touched).
final class ReadCounter: Sendable {
    private let count = Mutex(0)

    /// The files read so far.
    var value: Int { count.withLock { $0 } }

    /// Records that `files` more files were read.
    func add(_ files: Int) {
        count.withLock { $0 += files }
    }
}
