/// Test inputs of many megabytes, made fast in a debug build. `(0..<n).map { ... }` costs
/// about half a microsecond per byte there (generic code, metadata lookups per element):
/// seconds for 16-48 MiB, on one of the two threads of Swift's task pool, during which the
/// other suites' tasks waited and their connections hit the 10 s idle timeout (session 11).
public enum PatternBytes {
    /// Byte `i` is the low byte of `(i * multiplier + addend) >> shift`.
    public static func linear(_ count: Int, times multiplier: Int, plus addend: Int = 0, shift: Int = 0) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            var index = 0
            while index < count {
                base[index] = UInt8(truncatingIfNeeded: (index &* multiplier &+ addend) >> shift)
                index &+= 1
            }
            initialized = count
        }
    }

    /// Pseudo-random bytes from a 64-bit linear congruential generator seeded with `seed`.
    public static func random(_ count: Int, seed: UInt64) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            var state = seed
            var index = 0
            while index < count {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                base[index] = UInt8(truncatingIfNeeded: state >> 33)
                index &+= 1
            }
            initialized = count
        }
    }
}
