/// Every failure FerryCore reports. Each case has a stable machine-readable ``code``
/// and a human ``message``; callers branch on the case or the code, never on the text.
public enum CoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Text that should be Tahoe base32 is not (bad character, bad length, non-zero tail bits).
    case badBase32(String)
    /// A capability string is malformed; `field` names the part that is wrong.
    case badCap(field: String, reason: String)
    /// Encoding parameters (k, happy, N, segment size) are out of range or inconsistent.
    case badParameters(String)
    /// A convergence secret could not be read.
    case badConvergenceSecret(String)
    /// A share's bytes do not parse (bad version, offsets out of order, truncated).
    case badShare(shareNumber: Int, reason: String)
    /// A share parsed but failed a hash check; it is corrupt or belongs to another file.
    case corruptShare(shareNumber: Int, reason: String)
    /// The URI extension block is malformed or does not match the cap.
    case badURIExtension(String)
    /// Fewer valid shares than the k needed to decode.
    case notEnoughShares(have: Int, need: Int, corrupt: [Int])
    /// The decoded file failed a whole-file check (wrong key, or corrupt in a way blocks did not show).
    case integrity(String)
    /// Input ended before the declared size, or ran past it.
    case sizeMismatch(expected: UInt64, actual: UInt64)

    /// Stable identifier for scripts and logs.
    public var code: String {
        switch self {
        case .badBase32: "core.bad_base32"
        case .badCap: "core.bad_cap"
        case .badParameters: "core.bad_parameters"
        case .badConvergenceSecret: "core.bad_convergence_secret"
        case .badShare: "core.bad_share"
        case .corruptShare: "core.corrupt_share"
        case .badURIExtension: "core.bad_uri_extension"
        case .notEnoughShares: "core.not_enough_shares"
        case .integrity: "core.integrity"
        case .sizeMismatch: "core.size_mismatch"
        }
    }

    /// One line a person can act on.
    public var message: String {
        switch self {
        case .badBase32(let why): "not valid base32: \(why)"
        case .badCap(let field, let reason): "bad cap (\(field)): \(reason)"
        case .badParameters(let why): "bad encoding parameters: \(why)"
        case .badConvergenceSecret(let why): "bad convergence secret: \(why)"
        case .badShare(let n, let why): "share \(n) is malformed: \(why)"
        case .corruptShare(let n, let why): "share \(n) is corrupt: \(why)"
        case .badURIExtension(let why): "bad URI extension block: \(why)"
        case .notEnoughShares(let have, let need, let corrupt):
            "not enough good shares: have \(have), need \(need)"
                + (corrupt.isEmpty ? "" : " (corrupt: \(corrupt.map(String.init).joined(separator: ", ")))")
        case .integrity(let why): "integrity check failed: \(why)"
        case .sizeMismatch(let expected, let actual): "expected \(expected) bytes, got \(actual)"
        }
    }

    public var description: String { "\(code): \(message)" }
}
