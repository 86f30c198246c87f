/// The pure-Swift side of ``SwiftCodec``: coefficients are used as they are, and a
/// decode inverts only the system for the missing blocks.
///
/// With `e` primary blocks missing, exactly `e` parity shares were given. Only the
/// `e`×`e` system linking those parity shares to the missing blocks is inverted; the
/// present primary blocks are folded in, giving one coefficient per given share for
/// every missing block.
extension GFKernel: CodecKernel {
    static var kind: ErasureCodecKind { .swift }

    static func preparedRowBytes(k: Int) -> Int { k }

    static func prepare(k: Int, rows: Int, coefficients: [UInt8]) -> [UInt8] { coefficients }

    static func apply(prepared: UnsafePointer<UInt8>, rows: Int, sources: UnsafeBufferPointer<UnsafeRawPointer>,
                      destinations: UnsafeBufferPointer<UnsafeMutableRawPointer>, length: Int) {
        combine(coefficients: prepared, rows: rows, sources: sources, destinations: destinations, length: length)
    }

    static func decodeRows(matrix: ZfecMatrix, request: DecodeRequest) throws(ErasureCodeError) -> [UInt8] {
        let k = matrix.k
        let missing = request.missing
        let e = missing.count
        // Positions (in the given order) of the parity shares, and their ids.
        let parityIndices = request.shareIDs.indices.filter { request.shareIDs[$0] >= k }
        var system = [UInt8](repeating: 0, count: e * e)
        for (a, index) in parityIndices.enumerated() {
            let row = matrix.row(request.shareIDs[index])
            for (b, id) in missing.enumerated() { system[a * e + b] = row[row.startIndex + id] }
        }
        guard let inverse = GFMatrix.inverse(of: system, size: e) else {
            throw .singularMatrix(shareIDs: request.shareIDs)
        }
        var result = [UInt8](repeating: 0, count: e * k)
        for b in 0..<e {
            for (a, index) in parityIndices.enumerated() {
                let weight = inverse[b * e + a]
                result[b * k + index] = weight
                guard weight != 0 else { continue }
                // D_missing = Σ_a inv[b][a] · (parity_a + Σ_present A[q_a][p] · D_p)
                let row = matrix.row(request.shareIDs[index])
                for (p, source) in request.primarySource.enumerated() {
                    guard let source else { continue }
                    result[b * k + source] ^= GF256.product(weight, row[row.startIndex + p])
                }
            }
        }
        return result
    }
}
