/// The block arithmetic behind one codec: how coefficient rows are prepared once for
/// the block loops, the loops themselves, and how a decode finds its coefficients.
/// ``KernelCodec`` does everything else.
protocol CodecKernel {
    /// The codec this kernel makes.
    static var kind: ErasureCodecKind { get }

    /// Bytes of prepared data per row of `k` coefficients.
    static func preparedRowBytes(k: Int) -> Int

    /// Converts `rows`×`k` coefficients (row-major) into the form
    /// ``apply(prepared:rows:sources:destinations:length:)`` takes.
    static func prepare(k: Int, rows: Int, coefficients: [UInt8]) -> [UInt8]

    /// For every row `r < rows`: `destinations[r][0..<length] =
    /// Σ_j coefficient[r][j] · sources[j][0..<length]`, where `prepared` came from
    /// ``prepare(k:rows:coefficients:)``. Destinations must not overlap sources.
    static func apply(prepared: UnsafePointer<UInt8>, rows: Int, sources: UnsafeBufferPointer<UnsafeRawPointer>,
                      destinations: UnsafeBufferPointer<UnsafeMutableRawPointer>, length: Int)

    /// The coefficients that rebuild the missing primary blocks of `request`: one row of
    /// `k` per missing id (ascending), columns in the order shares were given.
    /// - Throws: ``ErasureCodeError/singularMatrix(shareIDs:)`` if the shares cannot decode.
    static func decodeRows(matrix: ZfecMatrix, request: DecodeRequest) throws(ErasureCodeError) -> [UInt8]
}
