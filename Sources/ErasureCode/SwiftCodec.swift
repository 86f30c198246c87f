/// The portable, pure-Swift zfec-compatible codec.
///
/// Encoding multiplies the k primary blocks by zfec's parity rows with table-driven
/// byte kernels (see ``GFKernel``), in cache-sized strides. Decoding inverts only the
/// system for the missing blocks and caches the result for the last share list.
public final class SwiftCodec: ErasureCodec {
    public let k: Int
    public let n: Int
    public var kind: ErasureCodecKind { .swift }
    /// The zfec encoding matrix in use.
    public let matrix: ZfecMatrix
    private let cache = DecodePlanCache<SwiftDecodePlan>()

    /// A `k`-of-`n` codec.
    /// - Throws: ``ErasureCodeError/badParameters(k:n:)`` unless `1 <= k <= n <= 256`.
    public init(k: Int, n: Int) throws(ErasureCodeError) {
        matrix = try ZfecMatrix(k: k, n: n)
        self.k = k
        self.n = n
    }

    public func encode(input: UnsafeRawBufferPointer, parity: UnsafeMutableRawBufferPointer,
                       blockSize: Int) throws(ErasureCodeError) {
        try CodecValidation.encode(k: k, n: n, input: input.count, parity: parity.count, blockSize: blockSize)
        guard blockSize > 0, n > k, let source = input.baseAddress, let target = parity.baseAddress else { return }
        matrix.coefficients.withUnsafeBufferPointer { rows in
            combine(rows.baseAddress! + k * k, rowCount: n - k, source: source, blockSize: blockSize) {
                target + $0 * blockSize
            }
        }
    }

    public func encode(input: UnsafeRawBufferPointer, shareIDs: [Int], output: UnsafeMutableRawBufferPointer,
                       blockSize: Int) throws(ErasureCodeError) {
        try CodecValidation.encode(k: k, n: n, input: input.count, shareIDs: shareIDs,
                                   output: output.count, blockSize: blockSize)
        guard blockSize > 0, let source = input.baseAddress, let target = output.baseAddress else { return }
        var parityRows: [UInt8] = []
        var parityPositions: [Int] = []
        for (position, id) in shareIDs.enumerated() {
            if id < k {
                (target + position * blockSize).copyMemory(from: source + id * blockSize, byteCount: blockSize)
            } else {
                parityRows.append(contentsOf: matrix.row(id))
                parityPositions.append(position)
            }
        }
        guard !parityPositions.isEmpty else { return }
        parityRows.withUnsafeBufferPointer { rows in
            combine(rows.baseAddress!, rowCount: parityPositions.count, source: source, blockSize: blockSize) {
                target + parityPositions[$0] * blockSize
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
            try SwiftDecodePlan(matrix: matrix, request: request)
        }
        withUnsafeTemporaryAllocation(of: UnsafeRawPointer.self, capacity: k) { sources in
            for (index, block) in blocks.enumerated() { sources[index] = block.baseAddress! }
            withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer.self, capacity: plan.missing.count) { targets in
                for (row, id) in plan.missing.enumerated() { targets[row] = target + id * blockSize }
                plan.coefficients.withUnsafeBufferPointer { rows in
                    GFKernel.combine(coefficients: rows.baseAddress!, rows: plan.missing.count,
                                     sources: UnsafeBufferPointer(sources), destinations: UnsafeBufferPointer(targets),
                                     length: blockSize)
                }
            }
        }
    }

    /// Runs the kernel for `rowCount` rows of `k` coefficients over the contiguous input.
    private func combine(_ rows: UnsafePointer<UInt8>, rowCount: Int, source: UnsafeRawPointer, blockSize: Int,
                         destination: (Int) -> UnsafeMutableRawPointer) {
        withUnsafeTemporaryAllocation(of: UnsafeRawPointer.self, capacity: k) { sources in
            for j in 0..<k { sources[j] = source + j * blockSize }
            withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer.self, capacity: rowCount) { targets in
                for r in 0..<rowCount { targets[r] = destination(r) }
                GFKernel.combine(coefficients: rows, rows: rowCount, sources: UnsafeBufferPointer(sources),
                                 destinations: UnsafeBufferPointer(targets), length: blockSize)
            }
        }
    }
}
