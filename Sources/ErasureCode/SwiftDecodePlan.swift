/// How ``SwiftCodec`` rebuilds missing primary blocks from one particular list of shares.
///
/// With `e` primary blocks missing, exactly `e` parity shares were given. Only the
/// `e`×`e` system linking those parity shares to the missing blocks is inverted; the
/// present primary blocks are folded in, giving one coefficient per given share for
/// every missing block.
struct SwiftDecodePlan: Sendable {
    /// Primary ids to rebuild, ascending.
    let missing: [Int]
    /// `missing.count` rows of `k` coefficients, columns in the order shares were given.
    let coefficients: [UInt8]

    init(matrix: ZfecMatrix, request: DecodeRequest) throws(ErasureCodeError) {
        let k = matrix.k
        let missing = request.missing
        let e = missing.count
        self.missing = missing
        guard e > 0 else {
            coefficients = []
            return
        }
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
        coefficients = result
    }
}
