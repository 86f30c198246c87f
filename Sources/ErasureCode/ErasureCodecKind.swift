#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The available erasure-codec implementations.
public enum ErasureCodecKind: String, Sendable, CaseIterable {
    /// ``SwiftCodec``: portable pure Swift.
    case swift
    /// ``ISALCodec``: Intel ISA-L, SIMD-accelerated (the default).
    case isal

    /// Name of the environment variable that overrides the default codec.
    public static let environmentVariable = "FERRY_CODEC"

    /// The kind named by `FERRY_CODEC`, or `nil` when it is unset or empty.
    /// - Throws: ``ErasureCodeError/unknownCodec(_:)`` for any other value.
    public static func fromEnvironment() throws(ErasureCodeError) -> ErasureCodecKind? {
        guard let raw = getenv(environmentVariable) else { return nil }
        return try named(String(cString: raw))
    }

    /// Parses a codec name (case-insensitive, surrounding spaces ignored); `nil` for "".
    /// - Throws: ``ErasureCodeError/unknownCodec(_:)`` for an unknown name.
    public static func named(_ name: String) throws(ErasureCodeError) -> ErasureCodecKind? {
        let trimmed = name.lowercased().filter { !$0.isWhitespace }
        if trimmed.isEmpty { return nil }
        guard let kind = ErasureCodecKind(rawValue: trimmed) else { throw .unknownCodec(name) }
        return kind
    }
}
