/// Any immutable-file cap Ferry understands.
public enum Cap: Sendable, Hashable, CustomStringConvertible {
    case chk(CHKReadCap)
    case verify(CHKVerifyCap)
    case literal(LiteralCap)

    /// Parses a cap string (surrounding whitespace ignored); errors name the bad field.
    public init(parsing raw: String) throws(CoreError) {
        let text = raw.trimmingWhitespace()
        if text.hasPrefix("URI:CHK:") {
            self = .chk(try CHKReadCap(parsing: text))
        } else if text.hasPrefix("URI:CHK-Verifier:") {
            self = .verify(try CHKVerifyCap(parsing: text))
        } else if text.hasPrefix("URI:LIT:") {
            self = .literal(try LiteralCap(parsing: text))
        } else {
            throw .badCap(field: "prefix", reason: "expected URI:CHK:, URI:CHK-Verifier: or URI:LIT:")
        }
    }

    /// The file's size in bytes, which every cap carries.
    public var size: UInt64 {
        switch self {
        case .chk(let cap): cap.size
        case .verify(let cap): cap.size
        case .literal(let cap): UInt64(cap.data.count)
        }
    }

    public var description: String {
        switch self {
        case .chk(let cap): cap.description
        case .verify(let cap): cap.description
        case .literal(let cap): cap.description
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
