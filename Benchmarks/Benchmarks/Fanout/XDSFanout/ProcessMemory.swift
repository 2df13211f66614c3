import Foundation
import XDSFanoutMalloc

#if canImport(Glibc)
import Glibc
#endif

/// This process's memory, from `/proc/self/status` and glibc's allocator statistics.
struct ProcessMemory {
    /// Resident set size (`VmRSS`), bytes.
    var resident: Int
    /// Peak resident set size (`VmHWM`), bytes.
    var peakResident: Int
    /// Bytes the allocator has handed out and not had back (`mallinfo2`: `uordblks + hblkhd`).
    var allocated: Int

    static func current() -> ProcessMemory {
        var resident = 0
        var peak = 0
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
            for line in status.split(separator: "\n") {
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard fields.count >= 2, let kilobytes = Int(fields[1]) else { continue }
                if fields[0] == "VmRSS:" { resident = kilobytes * 1024 }
                if fields[0] == "VmHWM:" { peak = kilobytes * 1024 }
            }
        }
        let allocated = Int(xds_fanout_allocated_bytes())
        return ProcessMemory(resident: resident, peakResident: peak, allocated: allocated)
    }

    /// Returns freed heap memory to the system, so that the resident size reflects what is in use.
    static func trim() {
        xds_fanout_trim()
    }
}

/// Nanoseconds on `CLOCK_MONOTONIC`, which every process of the machine shares: a time taken in the client
/// process compares with one taken in the server process.
func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// CPU time (user + system) this process has used, on all its threads, ms.
func processCPUMilliseconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let user = Double(usage.ru_utime.tv_sec) * 1000 + Double(usage.ru_utime.tv_usec) / 1000
    let system = Double(usage.ru_stime.tv_sec) * 1000 + Double(usage.ru_stime.tv_usec) / 1000
    return user + system
}
