/// Random access to one share's bytes (a file, a buffer; later a storage server).
public protocol ShareSource {
    /// Which share this is.
    var shareNumber: Int { get }
    /// Up to `length` bytes at `offset`; fewer (or none) past the end of the share.
    func read(offset: UInt64, length: Int) throws -> [UInt8]
    /// The same bytes as ``read(offset:length:)``, as a slice: a source that holds them in
    /// memory hands out a view instead of a copy (a decoder reads every block this way).
    func readSlice(offset: UInt64, length: Int) throws -> ArraySlice<UInt8>
}

extension ShareSource {
    public func readSlice(offset: UInt64, length: Int) throws -> ArraySlice<UInt8> {
        ArraySlice(try read(offset: offset, length: length))
    }
}

/// A share held in memory.
public struct InMemoryShare: ShareSource, Sendable {
    public let shareNumber: Int
    public let bytes: [UInt8]

    public init(shareNumber: Int, bytes: [UInt8]) {
        self.shareNumber = shareNumber
        self.bytes = bytes
    }

    public func read(offset: UInt64, length: Int) throws -> [UInt8] {
        guard offset < UInt64(bytes.count) else { return [] }
        let start = Int(offset)
        return Array(bytes[start..<min(bytes.count, start + length)])
    }
}
