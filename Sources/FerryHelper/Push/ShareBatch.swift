import FerryCore

/// Bytes bound for one share, gathered into contiguous runs that cover only what the storage
/// server still requires. Pure.
struct ShareBatch {
    /// What the server still needs.
    let required: ByteRangeSet
    /// The run being gathered: where it starts, and its bytes.
    private(set) var start: UInt64 = 0
    private(set) var bytes: [UInt8] = []
    /// Runs ready to send.
    private(set) var ready: [(UInt64, [UInt8])] = []

    init(required: ByteRangeSet) { self.required = required }

    /// Adds a piece written at `offset`; keeps only its required parts.
    mutating func add(_ piece: UnsafeRawBufferPointer, at offset: UInt64) {
        for part in required.intersection(with: offset..<offset + UInt64(piece.count)) {
            if !bytes.isEmpty, start + UInt64(bytes.count) != part.lowerBound { close() }
            if bytes.isEmpty { start = part.lowerBound }
            bytes.append(contentsOf: piece[Int(part.lowerBound - offset)..<Int(part.upperBound - offset)])
        }
    }

    /// Ends the current run.
    mutating func close() {
        guard !bytes.isEmpty else { return }
        ready.append((start, bytes))
        bytes = []
    }

    /// Hands out every finished run (closing the current one).
    mutating func take() -> [(UInt64, [UInt8])] {
        close()
        defer { ready = [] }
        return ready
    }
}
