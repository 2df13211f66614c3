import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Lines read from a file descriptor on a thread of their own (a blocking read must not hold one of the two
/// threads Swift concurrency has on this machine), and lines written to another.
struct LineChannel: Sendable {
    let lines: AsyncStream<String>
    let output: Int32

    init(input: Int32, output: Int32) {
        self.output = output
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        self.lines = lines
        let thread = Thread {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                pending += buffer[..<count]
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    continuation.yield(String(decoding: pending[..<newline], as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
            }
            continuation.finish()
        }
        thread.start()
    }

    func send(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            offset += written
        }
    }
}

/// The next line of `channel`, or a failure if the other side went away.
func nextLine(_ iterator: inout AsyncStream<String>.Iterator) async throws -> String {
    guard let line = await iterator.next() else { throw FanoutFailure("the other process closed its pipe") }
    return line
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
