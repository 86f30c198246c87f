import FerryCore

/// What a client declares when it asks about a storage index: the ciphertext's size and the
/// encoding it was keyed with. Fixed for the life of an upload.
public struct UploadTicket: Sendable, Equatable {
    public var size: UInt64
    public var encoding: EncodingParameters

    public init(size: UInt64, encoding: EncodingParameters) {
        self.size = size
        self.encoding = encoding
    }
}
