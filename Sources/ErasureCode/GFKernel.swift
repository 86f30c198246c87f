/// The portable byte loops behind ``SwiftCodec``: linear combinations of blocks over
/// ``GF256``, `destination[r] = Σ_j c[r][j] · source[j]`.
///
/// Rather than one table lookup per byte per coefficient, each pass over a cache-sized
/// chunk of a source first derives `x^b · source` for the bit positions `b` its
/// coefficients use (one shift-and-reduce per step, eight bytes at a time), then adds
/// `c · source` to each destination as the XOR of the powers selected by the bits of
/// `c`. Those loops are plain 64-bit XORs that the compiler vectorizes, and the powers
/// are shared by every destination row, so this runs several times faster than
/// table lookups. The last `length % 8` bytes use the 256-entry product-table rows.
enum GFKernel {
    /// Bytes of each block handled per pass; the eight power buffers stay in L1.
    static let chunk = 2048

    /// For every row `r < rows`: `destinations[r][0..<length] =
    /// Σ_j coefficients[r * sources.count + j] · sources[j][0..<length]`.
    /// Destinations must not overlap sources.
    static func combine(coefficients: UnsafePointer<UInt8>, rows: Int,
                        sources: UnsafeBufferPointer<UnsafeRawPointer>,
                        destinations: UnsafeBufferPointer<UnsafeMutableRawPointer>, length: Int) {
        guard length > 0, rows > 0 else { return }
        let powers = UnsafeMutableRawPointer.allocate(byteCount: 8 * chunk, alignment: 64)
        defer { powers.deallocate() }
        let written = UnsafeMutablePointer<Bool>.allocate(capacity: rows)
        defer { written.deallocate() }
        var offset = 0
        while offset < length {
            let count = min(chunk, length - offset)
            let wordBytes = count & ~7
            if wordBytes > 0 {
                combineWords(coefficients: coefficients, rows: rows, sources: sources, destinations: destinations,
                             offset: offset, bytes: wordBytes, powers: powers, written: written)
            }
            if wordBytes < count {
                combineTail(coefficients: coefficients, rows: rows, sources: sources, destinations: destinations,
                            range: offset + wordBytes..<offset + count)
            }
            offset += count
        }
    }

    /// One chunk of `bytes` (a multiple of 8) at `offset`, via powers of x and XORs.
    private static func combineWords(coefficients: UnsafePointer<UInt8>, rows: Int,
                                     sources: UnsafeBufferPointer<UnsafeRawPointer>,
                                     destinations: UnsafeBufferPointer<UnsafeMutableRawPointer>,
                                     offset: Int, bytes: Int, powers: UnsafeMutableRawPointer,
                                     written: UnsafeMutablePointer<Bool>) {
        let k = sources.count
        written.initialize(repeating: false, count: rows)
        for j in 0..<k {
            var used: UInt8 = 0
            for r in 0..<rows { used |= coefficients[r * k + j] }
            if used == 0 { continue }
            let source = sources[j] + offset
            // powers + b * chunk holds x^b · source, for 1 <= b <= highest bit used.
            var previous = source
            for b in stride(from: 1, to: 8 - used.leadingZeroBitCount, by: 1) {
                let next = powers + b * chunk
                timesX(previous, next, bytes)
                previous = UnsafeRawPointer(next)
            }
            for r in 0..<rows {
                var bits = coefficients[r * k + j]
                let destination = destinations[r] + offset
                while bits != 0 {
                    let b = bits.trailingZeroBitCount
                    bits &= bits &- 1
                    let term = b == 0 ? source : UnsafeRawPointer(powers + b * chunk)
                    if written[r] {
                        xor(term, into: destination, bytes)
                    } else {
                        destination.copyMemory(from: term, byteCount: bytes)
                        written[r] = true
                    }
                }
            }
        }
        for r in 0..<rows where !written[r] {
            (destinations[r] + offset).initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        }
    }

    /// Bytes in `range` (fewer than 8), one product-table lookup per coefficient.
    private static func combineTail(coefficients: UnsafePointer<UInt8>, rows: Int,
                                    sources: UnsafeBufferPointer<UnsafeRawPointer>,
                                    destinations: UnsafeBufferPointer<UnsafeMutableRawPointer>, range: Range<Int>) {
        let k = sources.count
        GF256.mulTable.withUnsafeBufferPointer { table in
            for r in 0..<rows {
                for i in range {
                    var sum: UInt8 = 0
                    for j in 0..<k {
                        let row = Int(coefficients[r * k + j]) &<< 8
                        sum ^= table[row | Int(sources[j].load(fromByteOffset: i, as: UInt8.self))]
                    }
                    destinations[r].storeBytes(of: sum, toByteOffset: i, as: UInt8.self)
                }
            }
        }
    }

    /// `output = x · input` bytewise (shift left, reduce by 0x11d), eight bytes at a time.
    @inline(__always)
    private static func timesX(_ input: UnsafeRawPointer, _ output: UnsafeMutableRawPointer, _ bytes: Int) {
        var i = 0
        while i < bytes {
            let word = input.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let carries = (word & 0x8080_8080_8080_8080) &>> 7
            let shifted = ((word & 0x7F7F_7F7F_7F7F_7F7F) &<< 1) ^ (carries &* 0x1D)
            output.storeBytes(of: shifted, toByteOffset: i, as: UInt64.self)
            i &+= 8
        }
    }

    /// `output ^= input`, eight bytes at a time.
    @inline(__always)
    private static func xor(_ input: UnsafeRawPointer, into output: UnsafeMutableRawPointer, _ bytes: Int) {
        var i = 0
        while i < bytes {
            let word = input.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                ^ output.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            output.storeBytes(of: word, toByteOffset: i, as: UInt64.self)
            i &+= 8
        }
    }
}
