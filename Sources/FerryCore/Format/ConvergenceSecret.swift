/// A node's convergence secret: mixed into the convergent key so that only holders of the
/// same secret converge on the same ciphertext. Stored as base32 text, as Tahoe-LAFS keeps
/// it in `private/convergence`.
public struct ConvergenceSecret: Sendable, Equatable {
    /// The raw secret bytes.
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// Parses the text of a `private/convergence` file (surrounding whitespace allowed).
    public init(base32 text: String) throws(CoreError) {
        let trimmed = text.filter { !$0.isWhitespace }
        guard !trimmed.isEmpty else { throw .badConvergenceSecret("empty") }
        do { bytes = try Base32.decode(trimmed) } catch { throw .badConvergenceSecret(error.message) }
    }

    /// A fresh 32-byte random secret.
    public static func random() -> ConvergenceSecret {
        var generator = SystemRandomNumberGenerator()
        return ConvergenceSecret(bytes: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// The text form, as written to `private/convergence`.
    public var base32: String { Base32.encode(bytes) }
}
