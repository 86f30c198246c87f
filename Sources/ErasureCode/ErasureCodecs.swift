/// Factory for erasure codecs.
public enum ErasureCodecs {
    /// The codec used when neither the caller nor `FERRY_CODEC` chooses one.
    public static let defaultKind = ErasureCodecKind.isal

    /// Makes a `k`-of-`n` codec: `preferred` if given, else the one named by
    /// `FERRY_CODEC` (`swift` or `isal`), else ``defaultKind``.
    /// - Throws: ``ErasureCodeError/badParameters(k:n:)`` or, for a bad `FERRY_CODEC`,
    ///   ``ErasureCodeError/unknownCodec(_:)``.
    public static func make(k: Int, n: Int, preferred: ErasureCodecKind? = nil) throws(ErasureCodeError)
        -> any ErasureCodec
    {
        if let preferred { return try make(preferred, k: k, n: n) }
        return try make(try ErasureCodecKind.fromEnvironment() ?? defaultKind, k: k, n: n)
    }

    /// Makes a `k`-of-`n` codec of exactly the given kind (ignores the environment).
    public static func make(_ kind: ErasureCodecKind, k: Int, n: Int) throws(ErasureCodeError) -> any ErasureCodec {
        switch kind {
        case .swift: return try SwiftCodec(k: k, n: n)
        case .isal: return try ISALCodec(k: k, n: n)
        }
    }
}
