#if canImport(Glibc)
import Glibc
#endif

/// Memory aligned for direct I/O (``DirectWrites``): `capacity` bytes starting on a
/// ``DirectIO/blockSize`` boundary, kept for reuse and freed with the owner.
public final class AlignedBuffer: @unchecked Sendable {
    public let bytes: UnsafeMutableRawBufferPointer

    public init(capacity: Int) {
        var memory: UnsafeMutableRawPointer?
        guard posix_memalign(&memory, DirectIO.blockSize, max(capacity, 1)) == 0, let memory else {
            fatalError("out of memory: \(capacity) aligned bytes")
        }
        bytes = UnsafeMutableRawBufferPointer(start: memory, count: capacity)
    }

    deinit { free(bytes.baseAddress) }

    public var capacity: Int { bytes.count }
}
