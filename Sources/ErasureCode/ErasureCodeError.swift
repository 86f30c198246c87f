/// Everything that can go wrong when building a codec or encoding/decoding with one.
///
/// Every public entry point of this module validates its arguments and throws one of
/// these instead of trapping.
public enum ErasureCodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `k` and `n` must satisfy `1 <= k <= n <= 256`.
    case badParameters(k: Int, n: Int)
    /// A block size that is negative, or so large that the buffer sizes overflow.
    case badBlockSize(Int)
    /// Decoding needs exactly `k` shares (or blocks and ids disagree in number).
    case wrongBlockCount(expected: Int, actual: Int)
    /// The same share id was given twice.
    case duplicateShareID(Int)
    /// A share id outside `0..<n`.
    case shareIDOutOfRange(id: Int, n: Int)
    /// A share block whose length is not the block size.
    case blockLengthMismatch(shareID: Int, expected: Int, actual: Int)
    /// A caller-supplied input or output buffer of the wrong size.
    case bufferSizeMismatch(buffer: String, expected: Int, actual: Int)
    /// `FERRY_CODEC` (or another codec name) was not one of the known codecs.
    case unknownCodec(String)
    /// The decoding matrix could not be inverted. Cannot happen for valid distinct ids;
    /// reported rather than trapping should a library misbehave.
    case singularMatrix(shareIDs: [Int])

    public var description: String {
        switch self {
        case let .badParameters(k, n):
            return "bad erasure-code parameters k=\(k) n=\(n): need 1 <= k <= n <= 256"
        case let .badBlockSize(size):
            return "bad block size \(size): must be >= 0 and small enough for k*blockSize to fit"
        case let .wrongBlockCount(expected, actual):
            return "wrong number of shares: need exactly \(expected), got \(actual)"
        case let .duplicateShareID(id):
            return "share id \(id) given more than once"
        case let .shareIDOutOfRange(id, n):
            return "share id \(id) out of range 0..<\(n)"
        case let .blockLengthMismatch(shareID, expected, actual):
            return "block of share \(shareID) is \(actual) bytes, expected \(expected)"
        case let .bufferSizeMismatch(buffer, expected, actual):
            return "\(buffer) buffer is \(actual) bytes, expected \(expected)"
        case let .unknownCodec(name):
            return "unknown erasure codec '\(name)': use 'swift' or 'isal'"
        case let .singularMatrix(ids):
            return "decoding matrix for share ids \(ids) is singular"
        }
    }
}
