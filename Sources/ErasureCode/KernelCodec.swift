/// The zfec-compatible codec behind ``ISALCodec`` and ``SwiftCodec``, generic over the
/// kernel that does the block arithmetic. The parity rows are prepared once; decode
/// rows are worked out and prepared per share list, and the last ones cached.
struct KernelCodec<Kernel: CodecKernel>: Sendable {
    let k: Int
    let n: Int
    /// The zfec encoding matrix in use.
    let matrix: ZfecMatrix
    /// Parity rows `k..<n` in the kernel's prepared form.
    private let parityRows: [UInt8]
    private let cache = DecodePlanCache()

    /// A `k`-of-`n` codec.
    /// - Throws: ``ErasureCodeError/badParameters(k:n:)`` unless `1 <= k <= n <= 256`.
    init(k: Int, n: Int) throws(ErasureCodeError) {
        matrix = try ZfecMatrix(k: k, n: n)
        self.k = k
        self.n = n
        parityRows = Kernel.prepare(k: k, rows: n - k, coefficients: Array(matrix.coefficients[(k * k)...]))
    }

    /// See ``ErasureCodec/encode(input:parity:blockSize:)``.
    func encode(input: UnsafeRawBufferPointer, parity: UnsafeMutableRawBufferPointer,
                blockSize: Int) throws(ErasureCodeError) {
        try CodecValidation.encode(k: k, n: n, input: input.count, parity: parity.count, blockSize: blockSize)
        guard blockSize > 0, n > k, let source = input.baseAddress, let target = parity.baseAddress else { return }
        run(parityRows, count: n - k, blockSize: blockSize,
            source: { source + $0 * blockSize }, destination: { target + $0 * blockSize })
    }

    /// See ``ErasureCodec/encode(input:shareIDs:output:blockSize:)``.
    func encode(input: UnsafeRawBufferPointer, shareIDs: [Int], output: UnsafeMutableRawBufferPointer,
                blockSize: Int) throws(ErasureCodeError) {
        try CodecValidation.encode(k: k, n: n, input: input.count, shareIDs: shareIDs,
                                   output: output.count, blockSize: blockSize)
        guard blockSize > 0, let source = input.baseAddress, let target = output.baseAddress else { return }
        let rowBytes = Kernel.preparedRowBytes(k: k)
        var rows: [UInt8] = []
        var positions: [Int] = []
        for (position, id) in shareIDs.enumerated() {
            if id < k {
                (target + position * blockSize).copyMemory(from: source + id * blockSize, byteCount: blockSize)
            } else {
                rows.append(contentsOf: parityRows[(id - k) * rowBytes..<(id - k + 1) * rowBytes])
                positions.append(position)
            }
        }
        guard !positions.isEmpty else { return }
        run(rows, count: positions.count, blockSize: blockSize,
            source: { source + $0 * blockSize }, destination: { target + positions[$0] * blockSize })
    }

    /// See ``ErasureCodec/decode(shareIDs:blocks:output:blockSize:)``.
    func decode(shareIDs: [Int], blocks: [UnsafeRawBufferPointer], output: UnsafeMutableRawBufferPointer,
                blockSize: Int) throws(ErasureCodeError) {
        let request = try DecodeRequest(k: k, n: n, shareIDs: shareIDs, blocks: blocks,
                                        output: output.count, blockSize: blockSize)
        guard blockSize > 0, let target = output.baseAddress else { return }
        request.copyPresent(blocks: blocks, output: output, blockSize: blockSize)
        guard !request.missing.isEmpty else { return }
        let plan = try cache.plan(for: shareIDs) { () throws(ErasureCodeError) in
            let coefficients = try Kernel.decodeRows(matrix: matrix, request: request)
            return DecodePlan(missing: request.missing,
                              rows: Kernel.prepare(k: k, rows: request.missing.count, coefficients: coefficients))
        }
        run(plan.rows, count: plan.missing.count, blockSize: blockSize,
            source: { blocks[$0].baseAddress! }, destination: { target + plan.missing[$0] * blockSize })
    }

    /// Runs the kernel for `count` prepared rows over the `k` blocks at `source(j)`,
    /// writing row `r` to `destination(r)`.
    private func run(_ rows: [UInt8], count: Int, blockSize: Int, source: (Int) -> UnsafeRawPointer,
                     destination: (Int) -> UnsafeMutableRawPointer) {
        withUnsafeTemporaryAllocation(of: UnsafeRawPointer.self, capacity: k) { sources in
            for j in 0..<k { sources[j] = source(j) }
            withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer.self, capacity: count) { targets in
                for r in 0..<count { targets[r] = destination(r) }
                rows.withUnsafeBufferPointer { rows in
                    Kernel.apply(prepared: rows.baseAddress!, rows: count, sources: UnsafeBufferPointer(sources),
                                 destinations: UnsafeBufferPointer(targets), length: blockSize)
                }
            }
        }
    }
}
