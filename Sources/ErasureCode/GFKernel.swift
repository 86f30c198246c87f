/// The portable byte loops behind ``SwiftCodec``: linear combinations of blocks over
/// ``GF256`` using one 256-entry "multiply by c" table row per coefficient, eight bytes
/// per iteration, over unchecked pointers.
enum GFKernel {
    /// Bytes of each block handled per pass, chosen so a pass's sources and
    /// destinations stay in cache together.
    static func stride(sources: Int, destinations: Int) -> Int {
        let budget = 192 * 1024 / max(1, sources + destinations)
        return min(64 * 1024, max(1024, budget & ~63))
    }

    /// For every row `r < rows`: `destinations[r][0..<length] =
    /// Σ_j coefficients[r * sourceCount + j] · sources[j][0..<length]`.
    static func combine(coefficients: UnsafePointer<UInt8>, rows: Int,
                        sources: UnsafeBufferPointer<UnsafeRawPointer>,
                        destinations: UnsafeBufferPointer<UnsafeMutableRawPointer>, length: Int) {
        guard length > 0, rows > 0 else { return }
        let sourceCount = sources.count
        let step = stride(sources: sourceCount, destinations: rows)
        GF256.mulTable.withUnsafeBufferPointer { table in
            let table = table.baseAddress!
            var offset = 0
            while offset < length {
                let count = min(step, length - offset)
                for r in 0..<rows {
                    let row = coefficients + r * sourceCount
                    let dst = destinations[r] + offset
                    var written = false
                    for j in 0..<sourceCount {
                        let c = row[j]
                        if c == 0 { continue }
                        let src = sources[j] + offset
                        if written {
                            multiplyAdd(c, src, dst, count, table)
                        } else {
                            multiply(c, src, dst, count, table)
                            written = true
                        }
                    }
                    if !written { dst.initializeMemory(as: UInt8.self, repeating: 0, count: count) }
                }
                offset += count
            }
        }
    }

    /// `dst = c · src` over `count` bytes; `c != 0`.
    @inline(__always)
    static func multiply(_ c: UInt8, _ src: UnsafeRawPointer, _ dst: UnsafeMutableRawPointer, _ count: Int,
                         _ table: UnsafePointer<UInt8>) {
        if c == 1 {
            dst.copyMemory(from: src, byteCount: count)
        } else {
            scaled(table + Int(c) &<< 8, src, dst, count, accumulate: false)
        }
    }

    /// `dst ^= c · src` over `count` bytes; `c != 0`.
    @inline(__always)
    static func multiplyAdd(_ c: UInt8, _ src: UnsafeRawPointer, _ dst: UnsafeMutableRawPointer, _ count: Int,
                            _ table: UnsafePointer<UInt8>) {
        if c == 1 {
            var i = 0
            while i &+ 8 <= count {
                let word = src.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    ^ dst.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                dst.storeBytes(of: word, toByteOffset: i, as: UInt64.self)
                i &+= 8
            }
            while i < count {
                let byte = src.load(fromByteOffset: i, as: UInt8.self) ^ dst.load(fromByteOffset: i, as: UInt8.self)
                dst.storeBytes(of: byte, toByteOffset: i, as: UInt8.self)
                i &+= 1
            }
        } else {
            scaled(table + Int(c) &<< 8, src, dst, count, accumulate: true)
        }
    }

    /// `dst = row[src]` (or `dst ^= row[src]`), where `row` is a 256-byte product table.
    @inline(__always)
    static func scaled(_ row: UnsafePointer<UInt8>, _ src: UnsafeRawPointer, _ dst: UnsafeMutableRawPointer,
                       _ count: Int, accumulate: Bool) {
        @inline(__always) func look(_ word: UInt64, _ shift: UInt64) -> UInt64 {
            UInt64(row[Int(truncatingIfNeeded: (word &>> shift) & 0xff)]) &<< shift
        }
        var i = 0
        while i &+ 8 <= count {
            let s = src.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            var word = look(s, 0) | look(s, 8) | look(s, 16) | look(s, 24)
            word |= look(s, 32) | look(s, 40) | look(s, 48) | look(s, 56)
            if accumulate { word ^= dst.loadUnaligned(fromByteOffset: i, as: UInt64.self) }
            dst.storeBytes(of: word, toByteOffset: i, as: UInt64.self)
            i &+= 8
        }
        while i < count {
            var byte = row[Int(src.load(fromByteOffset: i, as: UInt8.self))]
            if accumulate { byte ^= dst.load(fromByteOffset: i, as: UInt8.self) }
            dst.storeBytes(of: byte, toByteOffset: i, as: UInt8.self)
            i &+= 1
        }
    }
}
