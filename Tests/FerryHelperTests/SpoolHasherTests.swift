import FerryCore
@testable import FerryHelper
import FerryHelperProtocol
import FerryTestSupport
import Foundation
import Testing

/// The helper's hashing of ciphertext as it arrives, on real spool files: across odd-sized
/// pieces, a restart mid-upload, and an abort.
@Suite struct SpoolHasherTests {
    let directory = TemporaryDirectory("ferry-spool-hasher-")
    static let parameters = EncodingParameters(needed: 3, happy: 7, total: 10, maxSegmentSize: 96 * 1024)
    static func index(_ byte: UInt8) -> StorageIndex { try! StorageIndex(bytes: Array(repeating: byte, count: 16)) }

    static func expected(_ bytes: [UInt8]) throws -> CrypttextHashes {
        var hasher = CiphertextHasher(geometry: try FileGeometry(fileSize: UInt64(bytes.count), parameters: parameters))
        try bytes.withUnsafeBytes { try hasher.feed($0, at: 0) }
        return try hasher.finish()
    }

    /// Sends `bytes[range]` in pieces of `piece` bytes as one request.
    static func send(_ registry: UploadRegistry, _ index: StorageIndex, _ bytes: [UInt8], _ range: Range<Int>, piece: Int) async throws {
        let token = try await registry.beginWrite(index, at: UInt64(range.lowerBound))
        var offset = range.lowerBound
        while offset < range.upperBound {
            let end = min(range.upperBound, offset + piece)
            try await registry.write(token, Array(bytes[offset..<end]))
            offset = end
        }
        _ = try await registry.endWrite(token)
    }

    @Test func theHashesOfCiphertextThatArrivedInPiecesAndAcrossARestartAreTheEncoders() async throws {
        // 3.3 steps of reading back, 36 segments, pieces that fit neither.
        let bytes = (0..<(3 * SpoolHasher.step + 300_001)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        let ticket = UploadTicket(size: UInt64(bytes.count), encoding: Self.parameters)
        let limits = HelperLimits(reservedSpace: 0)
        let registry = try UploadRegistry(root: directory.path, limits: limits, now: { 1 })
        _ = try await registry.ask(Self.index(1), ticket)
        try await Self.send(registry, Self.index(1), bytes, 0..<1_500_007, piece: 65_519)
        #expect(await registry.crypttextHashes(Self.index(1)) == nil, "not complete: nothing to hand the encoder")

        // A restart: the durable prefix is hashed again, then the rest as it comes.
        let restarted = try UploadRegistry(root: directory.path, limits: limits, now: { 1 })
        #expect(try await restarted.offset(Self.index(1)).offset == 1_500_007)
        try await Self.send(restarted, Self.index(1), bytes, 1_500_007..<bytes.count, piece: 100_003)
        #expect(try await restarted.offset(Self.index(1)).complete)
        let hashes = try #require(await restarted.crypttextHashes(Self.index(1)))
        let expected = try Self.expected(bytes)
        #expect(hashes == expected)
        #expect(hashes.segments.count == (bytes.count + 98_303) / 98_304)

        // One found complete at a start was not hashed on arrival: the encoder hashes it.
        let again = try UploadRegistry(root: directory.path, limits: limits, now: { 1 })
        #expect(await again.crypttextHashes(Self.index(1)) == nil)
        // Done or removed: nothing kept.
        try await restarted.abort(Self.index(1))
        #expect(await restarted.crypttextHashes(Self.index(1)) == nil)
    }

    @Test func aSmallUploadInOnePieceAndAHasherStoppedWhileWaited() async throws {
        let bytes = (0..<5000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let registry = try UploadRegistry(root: directory.path, limits: HelperLimits(reservedSpace: 0), now: { 1 })
        _ = try await registry.ask(Self.index(2), UploadTicket(size: 5000, encoding: Self.parameters))
        try await Self.send(registry, Self.index(2), bytes, 0..<5000, piece: 5000)
        let expected = try Self.expected(bytes)
        #expect(await registry.crypttextHashes(Self.index(2)) == expected, "under one step: hashed once complete")

        // A hasher still short of the end answers nil to whoever waits once it is stopped.
        let path = directory.path + "/partial"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let hasher = try SpoolHasher(path: path, geometry: try FileGeometry(fileSize: 10_000, parameters: Self.parameters))
        hasher.written(upTo: 5000)
        async let waited = hasher.hashes()
        try await Task.sleep(for: .milliseconds(50))
        hasher.stop()
        #expect(await waited == nil)
        // One that cannot read what it was told is written gives up: nil, not a wrong hash.
        let short = try SpoolHasher(path: path, geometry: try FileGeometry(fileSize: 6000, parameters: Self.parameters))
        short.written(upTo: 6000)
        #expect(await short.hashes() == nil)
    }
}
