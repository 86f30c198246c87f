/// ISA-L's side of ``ISALCodec``: coefficients become ISA-L tables, and a decode inverts
/// the k×k matrix formed by the given shares' zfec rows, keeping the inverse's rows for
/// the missing primary ids.
extension ISALKernel: CodecKernel {
    static var kind: ErasureCodecKind { .isal }

    static func preparedRowBytes(k: Int) -> Int { 32 * k }

    static func prepare(k: Int, rows: Int, coefficients: [UInt8]) -> [UInt8] {
        tables(k: k, rows: rows, coefficients: coefficients)
    }

    static func apply(prepared: UnsafePointer<UInt8>, rows: Int, sources: UnsafeBufferPointer<UnsafeRawPointer>,
                      destinations: UnsafeBufferPointer<UnsafeMutableRawPointer>, length: Int) {
        encode(tables: prepared, rows: rows, sources: sources, destinations: destinations, length: length)
    }

    static func decodeRows(matrix: ZfecMatrix, request: DecodeRequest) throws(ErasureCodeError) -> [UInt8] {
        let k = matrix.k
        var system = [UInt8]()
        system.reserveCapacity(k * k)
        for id in request.shareIDs { system.append(contentsOf: matrix.row(id)) }
        guard let inverse = ISALKernel.inverse(of: system, size: k) else {
            throw .singularMatrix(shareIDs: request.shareIDs)
        }
        var rows = [UInt8]()
        rows.reserveCapacity(request.missing.count * k)
        for id in request.missing { rows.append(contentsOf: inverse[id * k..<(id + 1) * k]) }
        return rows
    }
}
