import FerryCore
import Testing

/// A share known in fetched pieces: reads inside a piece are served (as views, without a
/// copy), anything else is `Missing`; dropped pieces come back to the caller for reuse.
struct SparseShareTests {
    @Test func readsInsidePiecesAreViewsOthersAreMissingDropsHandPiecesBack() throws {
        let share = SparseShare(shareNumber: 4)
        let piece = (0..<1000).map { UInt8(truncatingIfNeeded: $0) }
        share.add(piece, at: 500)
        let slice = try share.readSlice(offset: 600, length: 100)
        #expect(Array(slice) == Array(piece[100..<200]))
        #expect(slice.withUnsafeBytes { $0.baseAddress } == piece.withUnsafeBytes { $0.baseAddress! + 100 }, "a view of the piece")
        #expect(try share.read(offset: 1400, length: 100) == Array(piece[900..<1000]))
        let beyond = #expect(throws: SparseShare.Missing.self) { try share.readSlice(offset: 1450, length: 100) }
        #expect(beyond?.range == 1450..<1550 && beyond?.shareNumber == 4)
        let before = #expect(throws: SparseShare.Missing.self) { try share.read(offset: 0, length: 10) }
        #expect(before?.range == 0..<10)
        share.add([9, 9], at: 2000)
        let dropped = share.drop(0..<1000)
        #expect(dropped == [piece] && share.heldBytes == 2)
        #expect(!share.holds(600..<700) && share.holds(2000..<2002))
    }
}
