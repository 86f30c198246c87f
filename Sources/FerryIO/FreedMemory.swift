#if canImport(Glibc)
import Glibc
#endif

/// Hands memory the allocator keeps after frees back to the system. A long download
/// allocates and frees megabyte buffers on several threads; glibc keeps the freed pages in
/// its arenas, so the resident size crept up with the file's size although the live heap
/// stayed near 15 MiB (docs/BENCHMARKS.md, issue 6). Cheap next to a window of blocks.
public enum FreedMemory {
    /// glibc's `malloc_trim` (in <malloc.h>, which the Glibc module does not export),
    /// looked up once; nil elsewhere.
    private static let trim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()

    public static func release() {
        _ = trim?(0)
    }
}
