import CISAL

/// Thin wrappers over the Intel ISA-L erasure-code calls used by ``ISALCodec``.
enum ISALKernel {
    /// Largest length handed to one `ec_encode_data` call (its length is a C `int`).
    static let maxChunk = 1 << 30
    /// Whether to clear the upper vector state after ISA-L calls (see CISAL's shim.h).
    static let clearsUpperState = ferry_cpu_has_avx() != 0

    /// Expands `rows`×`k` coefficients into ISA-L's 32-bytes-per-coefficient tables.
    static func tables(k: Int, rows: Int, coefficients: [UInt8]) -> [UInt8] {
        var matrix = coefficients
        var tables = [UInt8](repeating: 0, count: 32 * k * rows)
        guard rows > 0 else { return tables }
        matrix.withUnsafeMutableBufferPointer { a in
            tables.withUnsafeMutableBufferPointer { t in
                ec_init_tables(Int32(k), Int32(rows), a.baseAddress, t.baseAddress)
            }
        }
        return tables
    }

    /// `destinations[r] = Σ_j coefficient[r][j] · sources[j]` over `length` bytes, where
    /// `tables` came from ``tables(k:rows:coefficients:)`` (or `ec_init_tables`).
    static func encode(tables: UnsafePointer<UInt8>, rows: Int, sources: UnsafeBufferPointer<UnsafeRawPointer>,
                       destinations: UnsafeBufferPointer<UnsafeMutableRawPointer>, length: Int) {
        guard rows > 0, length > 0 else { return }
        let k = sources.count
        withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<UInt8>?.self, capacity: k) { data in
            withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<UInt8>?.self, capacity: rows) { coding in
                var offset = 0
                while offset < length {
                    let count = min(maxChunk, length - offset)
                    for j in 0..<k {
                        let source = (sources[j] + offset).assumingMemoryBound(to: UInt8.self)
                        data[j] = UnsafeMutablePointer(mutating: source)
                    }
                    for r in 0..<rows {
                        coding[r] = (destinations[r] + offset).assumingMemoryBound(to: UInt8.self)
                    }
                    ec_encode_data(Int32(count), Int32(k), Int32(rows), UnsafeMutablePointer(mutating: tables),
                                   data.baseAddress, coding.baseAddress)
                    offset += count
                }
                if clearsUpperState { ferry_vzeroupper() }
            }
        }
    }

    /// The inverse of a `size`×`size` matrix via ISA-L's `gf_invert_matrix`, or `nil` if singular.
    static func inverse(of matrix: [UInt8], size: Int) -> [UInt8]? {
        var input = matrix
        var output = [UInt8](repeating: 0, count: size * size)
        let status = input.withUnsafeMutableBufferPointer { a in
            output.withUnsafeMutableBufferPointer { b in gf_invert_matrix(a.baseAddress, b.baseAddress, Int32(size)) }
        }
        return status == 0 ? output : nil
    }
}
