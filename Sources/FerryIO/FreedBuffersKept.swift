/// Makes glibc keep the memory of freed large buffers for the next ones instead of handing
/// it back to the system. A node allocates and frees megabyte buffers all the time (a
/// segment's share pieces on the helper, request bodies on a storage server); by default
/// each one above 128 KiB was a fresh mapping, faulted in page by page and zeroed by the
/// kernel, then unmapped: a tenth of the helper's CPU during a push (docs/BENCHMARKS.md,
/// issue 6). For servers, not the client, whose resident size is held low on purpose.
public enum FreedBuffersKept {
    /// glibc's `mallopt`, looked up once; nil elsewhere.
    private static let mallopt = GlibcFunction.lookup("mallopt", as: (@convention(c) (Int32, Int32) -> Int32).self)

    /// `M_MMAP_THRESHOLD` and `M_TRIM_THRESHOLD` (malloc.h).
    private static let mmapThreshold: Int32 = -3
    private static let trimThreshold: Int32 = -1

    /// Buffers up to 32 MiB (glibc's largest allowed threshold) come from the heap, and the
    /// heap keeps up to 256 MiB of freed memory at its top. Returns whether glibc took both.
    @discardableResult
    public static func apply() -> Bool {
        guard let mallopt else { return false }
        return mallopt(mmapThreshold, 32 << 20) == 1 && mallopt(trimThreshold, 256 << 20) == 1
    }
}
