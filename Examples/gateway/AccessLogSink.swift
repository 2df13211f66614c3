import Foundation
import Logging
import Synchronization

/// Writes access log messages as bare lines (Envoy's format carries its own timestamp) to a file or stdout.
struct AccessLogSink: LogHandler {
    private final class Output: Sendable {
        let handle: Mutex<FileHandle>
        init(_ handle: FileHandle) { self.handle = Mutex(handle) }
    }

    private let output: Output
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    /// `path` is a file (appended to, created when missing) or `-` for standard output.
    init(path: String) throws {
        if path == "-" {
            output = Output(FileHandle.standardOutput)
            return
        }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.seekToEndOfFile()
        output = Output(handle)
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let line = Data((event.message.description + "\n").utf8)
        output.handle.withLock { $0.write(line) }
    }
}
