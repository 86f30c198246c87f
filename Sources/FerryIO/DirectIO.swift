#if canImport(Glibc)
import Glibc
#endif

/// What writing around the page cache (`O_DIRECT`, ``DirectWrites``) needs to know: the
/// alignment, the open flag, and whether it is switched on.
public enum DirectIO {
    /// The alignment of offsets, lengths and memory (4 KiB covers disks with 512-byte and
    /// 4 KiB logical blocks).
    public static let blockSize = 4096

    /// `O_DIRECT`, which Glibc's module leaves out (it needs `_GNU_SOURCE`).
    #if arch(arm64)
    static let flag: Int32 = 0o200000
    #else
    static let flag: Int32 = 0o40000
    #endif

    /// `FERRY_DIRECT_IO=0` in the environment sends every write through the page cache
    /// (for a file system that mishandles direct I/O, and to compare).
    public static let enabled = getenv("FERRY_DIRECT_IO").map { String(cString: $0) != "0" } ?? true
}
