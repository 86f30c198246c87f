import FerryCore
import NIOCore

/// Bytes bound for one share, gathered into contiguous runs that cover only what the storage
/// server still requires. The runs are the buffers the requests send, so a block is copied
/// once on its way from the encoder to the socket. Pure.
struct ShareBatch {
    /// What the server still needs.
    let required: ByteRangeSet
    /// The run being gathered: where it starts, and its bytes.
    private(set) var start: UInt64 = 0
    private(set) var bytes = ByteBuffer()
    /// Runs ready to send.
    private(set) var ready: [(UInt64, ByteBuffer)] = []

    init(required: ByteRangeSet) { self.required = required }

    /// Adds a piece written at `offset`; keeps only its required parts.
    mutating func add(_ piece: UnsafeRawBufferPointer, at offset: UInt64) {
        for part in required.intersection(with: offset..<offset + UInt64(piece.count)) {
            if bytes.readableBytes > 0, start + UInt64(bytes.readableBytes) != part.lowerBound { close() }
            if bytes.readableBytes == 0 { start = part.lowerBound }
            bytes.writeBytes(UnsafeRawBufferPointer(rebasing: piece[Int(part.lowerBound - offset)..<Int(part.upperBound - offset)]))
        }
    }

    /// Ends the current run.
    mutating func close() {
        guard bytes.readableBytes > 0 else { return }
        ready.append((start, bytes))
        bytes = ByteBuffer()
    }

    /// Hands out every finished run (closing the current one).
    mutating func take() -> [(UInt64, ByteBuffer)] {
        close()
        defer { ready = [] }
        return ready
    }
}
