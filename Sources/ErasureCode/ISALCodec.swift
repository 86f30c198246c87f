/// The zfec-compatible codec backed by Intel ISA-L (`ec_encode_data`), which uses the
/// same field as zfec and runs SIMD kernels. The parity tables are built once; decode
/// tables are built per share list and the last ones cached.
public final class ISALCodec: ErasureCodec {
    public let k: Int
    public let n: Int
    public var kind: ErasureCodecKind { .isal }
    /// The zfec encoding matrix in use.
    public let matrix: ZfecMatrix
    /// ISA-L tables for parity rows `k..<n`, `32 * k` bytes per row.
    private let encodeTables: [UInt8]
    private let cache = DecodePlanCache<ISALDecodePlan>()

    /// A `k`-of-`n` codec.
    /// - Throws: ``ErasureCodeError/badParameters(k:n:)`` unless `1 <= k <= n <= 256`.
    public init(k: Int, n: Int) throws(ErasureCodeError) {
        matrix = try ZfecMatrix(k: k, n: n)
        self.k = k
        self.n = n
        encodeTables = ISALKernel.tables(k: k, rows: n - k, coefficients: Array(matrix.coefficients[(k * k)...]))
    }

    public func encode(input: UnsafeRawBufferPointer, parity: UnsafeMutableRawBufferPointer,
                       blockSize: Int) throws(ErasureCodeError) {
        try CodecValidation.encode(k: k, n: n, input: input.count, parity: parity.count, blockSize: blockSize)
        guard blockSize > 0, n > k, let source = input.baseAddress, let target = parity.baseAddress else { return }
        encodeTables.withUnsafeBufferPointer { tables in
            run(tables.baseAddress!, rows: n - k, source: source, blockSize: blockSize) { target + $0 * blockSize }
        }
    }

    public func encode(input: UnsafeRawBufferPointer, shareIDs: [Int], output: UnsafeMutableRawBufferPointer,
                       blockSize: Int) throws(ErasureCodeError) {
        try CodecValidation.encode(k: k, n: n, input: input.count, shareIDs: shareIDs,
                                   output: output.count, blockSize: blockSize)
        guard blockSize > 0, let source = input.baseAddress, let target = output.baseAddress else { return }
        let rowBytes = 32 * k
        var tables: [UInt8] = []
        var positions: [Int] = []
        for (position, id) in shareIDs.enumerated() {
            if id < k {
                (target + position * blockSize).copyMemory(from: source + id * blockSize, byteCount: blockSize)
            } else {
                tables.append(contentsOf: encodeTables[(id - k) * rowBytes..<(id - k + 1) * rowBytes])
                positions.append(position)
            }
        }
        guard !positions.isEmpty else { return }
        tables.withUnsafeBufferPointer { tables in
            run(tables.baseAddress!, rows: positions.count, source: source, blockSize: blockSize) {
                target + positions[$0] * blockSize
            }
        }
    }

    public func decode(shareIDs: [Int], blocks: [UnsafeRawBufferPointer], output: UnsafeMutableRawBufferPointer,
                       blockSize: Int) throws(ErasureCodeError) {
        let request = try DecodeRequest(k: k, n: n, shareIDs: shareIDs, blocks: blocks,
                                        output: output.count, blockSize: blockSize)
        guard blockSize > 0, let target = output.baseAddress else { return }
        request.copyPresent(blocks: blocks, output: output, blockSize: blockSize)
        guard !request.missing.isEmpty else { return }
        let matrix = matrix
        let plan = try cache.plan(for: shareIDs) { () throws(ErasureCodeError) in
            try ISALDecodePlan(matrix: matrix, request: request)
        }
        withUnsafeTemporaryAllocation(of: UnsafeRawPointer.self, capacity: k) { sources in
            for (index, block) in blocks.enumerated() { sources[index] = block.baseAddress! }
            withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer.self, capacity: plan.missing.count) { targets in
                for (row, id) in plan.missing.enumerated() { targets[row] = target + id * blockSize }
                plan.tables.withUnsafeBufferPointer { tables in
                    ISALKernel.encode(tables: tables.baseAddress!, rows: plan.missing.count,
                                      sources: UnsafeBufferPointer(sources),
                                      destinations: UnsafeBufferPointer(targets), length: blockSize)
                }
            }
        }
    }

    /// Encodes `rows` outputs from the contiguous primary blocks with the given tables.
    private func run(_ tables: UnsafePointer<UInt8>, rows: Int, source: UnsafeRawPointer, blockSize: Int,
                     destination: (Int) -> UnsafeMutableRawPointer) {
        withUnsafeTemporaryAllocation(of: UnsafeRawPointer.self, capacity: k) { sources in
            for j in 0..<k { sources[j] = source + j * blockSize }
            withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer.self, capacity: rows) { targets in
                for r in 0..<rows { targets[r] = destination(r) }
                ISALKernel.encode(tables: tables, rows: rows, sources: UnsafeBufferPointer(sources),
                                  destinations: UnsafeBufferPointer(targets), length: blockSize)
            }
        }
    }
}
