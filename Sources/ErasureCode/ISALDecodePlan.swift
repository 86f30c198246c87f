/// How ``ISALCodec`` rebuilds missing primary blocks from one particular list of shares:
/// the given shares' zfec rows form a k×k matrix, ISA-L inverts it, and the inverse's
/// rows for the missing primary ids are expanded into ISA-L tables.
struct ISALDecodePlan: Sendable {
    /// Primary ids to rebuild, ascending.
    let missing: [Int]
    /// ISA-L tables for `missing.count` rows, columns in the order shares were given.
    let tables: [UInt8]

    init(matrix: ZfecMatrix, request: DecodeRequest) throws(ErasureCodeError) {
        let k = matrix.k
        missing = request.missing
        var system = [UInt8]()
        system.reserveCapacity(k * k)
        for id in request.shareIDs { system.append(contentsOf: matrix.row(id)) }
        guard let inverse = ISALKernel.inverse(of: system, size: k) else {
            throw .singularMatrix(shareIDs: request.shareIDs)
        }
        var rows = [UInt8]()
        rows.reserveCapacity(missing.count * k)
        for id in missing { rows.append(contentsOf: inverse[id * k..<(id + 1) * k]) }
        tables = ISALKernel.tables(k: k, rows: missing.count, coefficients: rows)
    }
}
