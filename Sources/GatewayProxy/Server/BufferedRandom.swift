#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The kernel's random numbers for one event loop, read 4 KiB at a time from `/dev/urandom`: one system call
/// per 512 values, where `SystemRandomNumberGenerator` makes one per value (a request draws several: its id, its
/// endpoint, its weighted destination). Falls back to `SystemRandomNumberGenerator` when the device cannot be
/// read.
final class BufferedRandom: RandomNumberGenerator {
    private static let capacity = 512
    private var values = [UInt64](repeating: 0, count: BufferedRandom.capacity)
    private var position = BufferedRandom.capacity
    private let device: Int32
    private var fallback = SystemRandomNumberGenerator()

    init() {
        device = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
    }

    deinit {
        if device >= 0 { close(device) }
    }

    func next() -> UInt64 {
        if position == Self.capacity && !refill() { return fallback.next() }
        defer { position += 1 }
        return values[position]
    }

    private func refill() -> Bool {
        guard device >= 0 else { return false }
        let wanted = Self.capacity * MemoryLayout<UInt64>.size
        let count = values.withUnsafeMutableBytes { read(device, $0.baseAddress, wanted) }
        guard count == wanted else { return false }
        position = 0
        return true
    }
}
