import Synchronization

/// A share known only in the pieces fetched so far (from a storage server, by range):
/// reads inside fetched pieces are served, anything else throws ``Missing``, so a decoder
/// run over it never mistakes "not fetched yet" for a short share. Pieces can be added and
/// dropped while a decoder holds it (a downloader fetches each window of blocks, then
/// drops it).
public final class SparseShare: ShareSource, Sendable {
    public let shareNumber: Int
    private let pieces = Mutex<[UInt64: [UInt8]]>([:])

    /// A read reached bytes that were not fetched.
    public struct Missing: Error, Equatable {
        public let shareNumber: Int
        public let range: Range<UInt64>
    }

    public init(shareNumber: Int) {
        self.shareNumber = shareNumber
    }

    /// Adds the bytes at `offset` (a shorter piece than asked means the share ends there).
    public func add(_ bytes: [UInt8], at offset: UInt64) {
        pieces.withLock { $0[offset] = bytes }
    }

    /// Forgets the pieces starting in `range` (blocks already decoded); returns them, for reuse.
    @discardableResult
    public func drop(_ range: Range<UInt64>) -> [[UInt8]] {
        pieces.withLock { pieces in
            var dropped: [[UInt8]] = []
            for start in pieces.keys where range.contains(start) { dropped.append(pieces.removeValue(forKey: start)!) }
            return dropped
        }
    }

    /// Whether `range` lies inside one fetched piece.
    public func holds(_ range: Range<UInt64>) -> Bool {
        pieces.withLock { pieces in
            pieces.contains { $0.key <= range.lowerBound && range.upperBound <= $0.key + UInt64($0.value.count) }
        }
    }

    /// Bytes held, for memory accounting.
    public var heldBytes: Int { pieces.withLock { $0.values.reduce(0) { $0 + $1.count } } }

    public func read(offset: UInt64, length: Int) throws -> [UInt8] {
        Array(try readSlice(offset: offset, length: length))
    }

    /// A view into the fetched piece that holds the range (no copy).
    public func readSlice(offset: UInt64, length: Int) throws -> ArraySlice<UInt8> {
        let found: ArraySlice<UInt8>? = pieces.withLock { pieces in
            for (start, bytes) in pieces where start <= offset && offset + UInt64(length) <= start + UInt64(bytes.count) {
                let from = Int(offset - start)
                return bytes[from..<from + length]
            }
            return nil
        }
        guard let found else { throw Missing(shareNumber: shareNumber, range: offset..<offset + UInt64(length)) }
        return found
    }
}
