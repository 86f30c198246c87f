import FerryStorage
import FerryTestSupport
import Testing

/// Helpers shared by the CBOR test suites.
enum CBORTest {
    /// Bytes from hex that may contain spaces for readability.
    static func bytes(_ hex: String) -> [UInt8] {
        Hex.decode(hex.replacingOccurrences(of: " ", with: ""))
    }

    /// What decoding gave: a value, or the message of the ``StorageError/badCBOR(_:)`` thrown.
    enum Outcome {
        case decoded(CBORValue)
        case refused(String)
    }

    /// Decodes, turning a ``StorageError/badCBOR(_:)`` into its message; records an issue
    /// for any other error (there must be none).
    static func decodeResult(_ input: [UInt8], limits: CBORDecoder.Limits = .default) -> Outcome {
        do throws(StorageError) {
            return .decoded(try CBORDecoder.decode(input, limits: limits))
        } catch {
            guard case .badCBOR(let why) = error else {
                Issue.record("decoding \(Hex.encode(input)) threw \(error), not badCBOR")
                return .refused("")
            }
            return .refused(why)
        }
    }

    /// The badCBOR message for `hex`, or nil (with an issue recorded) when it decodes.
    static func refusal(_ hex: String, limits: CBORDecoder.Limits = .default,
                        sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        switch decodeResult(bytes(hex), limits: limits) {
        case .decoded(let value):
            Issue.record("\(hex) decoded to \(value) but should be refused", sourceLocation: sourceLocation)
            return nil
        case .refused(let why): return why
        }
    }
}
