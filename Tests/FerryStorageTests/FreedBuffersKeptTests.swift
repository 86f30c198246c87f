import FerryIO
import Glibc
import Testing

/// Nodes keep the memory of freed large buffers for the next ones: a megabyte buffer
/// allocated again after a free is not faulted in page by page again.
struct FreedBuffersKeptTests {
    @Test func aFreedLargeBufferIsReusedWithoutFaultingItInAgain() {
        #expect(FreedBuffersKept.apply(), "glibc accepts both thresholds")
        let size = 4 << 20
        Self.fillAndFree(size)  // the first one is faulted in
        let before = Self.faultsOnThisThread()
        for _ in 0..<3 { Self.fillAndFree(size) }
        let faults = Self.faultsOnThisThread() - before
        // Freshly mapped, each one would be ~1024 faults (4 KiB pages).
        #expect(faults < 200, "\(faults) page faults for 3 reused 4 MiB buffers")
    }

    static func fillAndFree(_ size: Int) {
        let buffer = malloc(size)!
        memset(buffer, 1, size)
        free(buffer)
    }

    /// Minor page faults of the calling thread (RUSAGE_THREAD).
    static func faultsOnThisThread() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(1), &usage)
        return usage.ru_minflt
    }
}
