/// Hands memory the allocator keeps after frees back to the system. A long download
/// allocates and frees megabyte buffers on several threads; glibc keeps the freed pages in
/// its arenas, so the resident size crept up with the file's size although the live heap
/// stayed near 15 MiB (docs/BENCHMARKS.md, issue 6). Cheap next to a window of blocks.
public enum FreedMemory {
    /// glibc's `malloc_trim`, looked up once; nil elsewhere.
    private static let trim = GlibcFunction.lookup("malloc_trim", as: (@convention(c) (Int) -> Int32).self)

    public static func release() {
        _ = trim?(0)
    }
}
