import ErasureCode
import FerryCore
import Testing

/// The client's own ciphertext hashes against the UEB an encoder makes.
@Suite struct UploadCheckTests {
    static let parameters = EncodingParameters(needed: 3, happy: 7, total: 10, maxSegmentSize: 4096)

    static func encode(_ ciphertext: [UInt8]) throws -> URIExtension {
        try shares(ciphertext).uriExtension
    }

    /// Every share's bytes and the UEB; `known` hands the encoder the ciphertext's hashes.
    static func shares(_ ciphertext: [UInt8], known: CrypttextHashes? = nil) throws -> (shares: [[UInt8]], uriExtension: URIExtension) {
        let codec = try ErasureCodecs.make(k: 3, n: 10, preferred: nil)
        var encoder = try CHKEncoder(fileSize: UInt64(ciphertext.count), parameters: parameters, codec: codec, crypttext: known)
        var shares = [[UInt8]](repeating: encoder.layout.header, count: 10)
        for segment in 0..<encoder.geometry.segmentCount {
            let start = Int(encoder.geometry.segmentOffset(segment))
            try Array(ciphertext[start..<start + encoder.geometry.segmentLength(segment)]).withUnsafeBytes { bytes in
                try encoder.encodeSegment(bytes) { share, _, block in shares[share] += block }
            }
        }
        let result = try encoder.finish()
        for share in 0..<10 { shares[share] += result.tail(forShare: share) }
        return (shares, result.uriExtension)
    }

    @Test func anEncoderGivenTheCiphertextsHashesMakesTheSameShares() throws {
        let ciphertext = (0..<(3 * 4096 + 17)).map { UInt8(truncatingIfNeeded: $0 &* 31 >> 2) }
        let geometry = try FileGeometry(fileSize: UInt64(ciphertext.count), parameters: Self.parameters)
        var hasher = CiphertextHasher(geometry: geometry)
        try ciphertext.withUnsafeBytes { try hasher.feed($0, at: 0) }
        let known = try hasher.finish()
        let root = try hasher.finalize().crypttextRootHash
        #expect(known.segments.count == 4 && known.rootHash == root)
        let hashed = try Self.shares(ciphertext)
        let given = try Self.shares(ciphertext, known: known)
        #expect(given.shares == hashed.shares && given.uriExtension == hashed.uriExtension)
        // The encoder takes what it is given: other hashes make another UEB (the client's
        // check against its own hashes is what catches a helper that hashed wrongly).
        let other = CrypttextHashes(flat: Array(repeating: 7, count: 32), segments: known.segments)
        let otherUEB = try Self.shares(ciphertext, known: other).uriExtension
        #expect(otherUEB.crypttextHash == other.flat)
        #expect(throws: CoreError.self, "one hash short") {
            _ = try Self.shares(ciphertext, known: CrypttextHashes(flat: known.flat, segments: Array(known.segments.dropLast())))
        }
    }

    @Test(arguments: [1, 4095, 4096, 4097, 3 * 4096 + 17])
    func hashesFedInAnyPiecesMatchTheEncoders(size: Int) throws {
        let ciphertext = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }
        let block = try Self.encode(ciphertext)
        let geometry = try FileGeometry(fileSize: UInt64(size), parameters: Self.parameters)
        var hasher = CiphertextHasher(geometry: geometry)
        // Pieces of odd sizes, some sent twice (a sender going back after a cut).
        var offset = 0
        while offset < size {
            let end = min(size, offset + 1000)
            try ciphertext[offset..<end].withUnsafeBytes { try hasher.feed($0, at: UInt64(offset)) }
            let back = max(0, offset - 300)
            try ciphertext[back..<end].withUnsafeBytes { try hasher.feed($0, at: UInt64(back)) }
            offset = end
        }
        let hashes = try hasher.finalize()
        #expect(hashes.crypttextHash == block.crypttextHash && hashes.crypttextRootHash == block.crypttextRootHash)
        let key = Array(repeating: UInt8(1), count: 16)
        let cap = try UploadCheck.readCap(key: key, geometry: geometry, hashes: hashes, uriExtension: block.serialized(), uriExtensionHash: block.hash)
        #expect(cap == CHKReadCap(key: key, uriExtensionHash: block.hash, needed: 3, total: 10, size: UInt64(size)))
    }

    @Test func gapsAndOverrunsAreRefused() throws {
        var hasher = CiphertextHasher(geometry: try FileGeometry(fileSize: 100, parameters: Self.parameters))
        let bytes = [UInt8](repeating: 1, count: 60)
        try bytes.withUnsafeBytes { try hasher.feed($0, at: 0) }
        #expect(throws: CoreError.self) { try bytes.withUnsafeBytes { try hasher.feed($0, at: 61) } }
        #expect(throws: CoreError.self) { try bytes.withUnsafeBytes { try hasher.feed($0, at: 50) } }
        #expect(throws: CoreError.self) { try hasher.finalize() }
    }

    @Test func aUEBForOtherBytesOrAnotherShapeIsRefused() throws {
        let ciphertext = (0..<10_000).map { UInt8(truncatingIfNeeded: $0) }
        let block = try Self.encode(ciphertext)
        let geometry = try FileGeometry(fileSize: 10_000, parameters: Self.parameters)
        var hasher = CiphertextHasher(geometry: geometry)
        var other = ciphertext
        other[9_999] ^= 1
        try other.withUnsafeBytes { try hasher.feed($0, at: 0) }
        let key = Array(repeating: UInt8(2), count: 16)
        #expect(throws: CoreError.integrity("the helper's URI extension block has another crypttext_hash than this file's ciphertext")) {
            try UploadCheck.readCap(key: key, geometry: geometry, hashes: try hasher.finalize(), uriExtension: block.serialized(), uriExtensionHash: block.hash)
        }
        var right = CiphertextHasher(geometry: geometry)
        try ciphertext.withUnsafeBytes { try right.feed($0, at: 0) }
        let hashes = try right.finalize()
        #expect(throws: CoreError.self, "a hash that is not the block's") {
            try UploadCheck.readCap(key: key, geometry: geometry, hashes: hashes, uriExtension: block.serialized(), uriExtensionHash: Array(repeating: 0, count: 32))
        }
        let bigger = try FileGeometry(fileSize: 10_001, parameters: Self.parameters)
        #expect(throws: CoreError.self, "another size") {
            try UploadCheck.readCap(key: key, geometry: bigger, hashes: hashes, uriExtension: block.serialized(), uriExtensionHash: block.hash)
        }
    }
}
