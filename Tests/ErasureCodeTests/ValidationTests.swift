import ErasureCode
import Testing

/// Bad input must throw the right ``ErasureCodeError``, never trap.
@Suite("input validation")
struct ValidationTests {
    @Test("bad k and n are rejected", arguments: ErasureCodecKind.allCases)
    func badParameters(kind: ErasureCodecKind) {
        for (k, n) in [(0, 1), (0, 0), (-1, 5), (3, 2), (1, 257), (257, 257), (10, -3)] {
            #expect(throws: ErasureCodeError.badParameters(k: k, n: n)) { try TestData.codec(kind, k: k, n: n) }
            #expect(throws: ErasureCodeError.badParameters(k: k, n: n)) { try ZfecMatrix(k: k, n: n) }
        }
        #expect(throws: Never.self) { try TestData.codec(kind, k: 256, n: 256) }
    }

    @Test("encode checks buffer sizes, block size and ids", arguments: ErasureCodecKind.allCases)
    func encodeErrors(kind: ErasureCodecKind) throws {
        let codec = try TestData.codec(kind, k: 3, n: 5)
        func encode(input: Int, parity: Int, blockSize: Int) throws(ErasureCodeError) {
            let inBytes = [UInt8](repeating: 1, count: input)
            var outBytes = [UInt8](repeating: 0, count: parity)
            let result: Result<Void, ErasureCodeError> = inBytes.withUnsafeBytes { i in
                outBytes.withUnsafeMutableBytes { o in
                    Result { () throws(ErasureCodeError) in
                        try codec.encode(input: i, parity: o, blockSize: blockSize)
                    }
                }
            }
            try result.get()
        }
        #expect(throws: ErasureCodeError.bufferSizeMismatch(buffer: "input", expected: 30, actual: 29)) {
            try encode(input: 29, parity: 20, blockSize: 10)
        }
        #expect(throws: ErasureCodeError.bufferSizeMismatch(buffer: "parity", expected: 20, actual: 30)) {
            try encode(input: 30, parity: 30, blockSize: 10)
        }
        #expect(throws: ErasureCodeError.badBlockSize(-1)) { try encode(input: 0, parity: 0, blockSize: -1) }
        #expect(throws: ErasureCodeError.badBlockSize(Int.max / 2)) {
            try encode(input: 0, parity: 0, blockSize: Int.max / 2)
        }
        #expect(throws: Never.self) { try encode(input: 30, parity: 20, blockSize: 10) }

        let blocks = [[UInt8]](repeating: [1, 2], count: 3)
        #expect(throws: ErasureCodeError.shareIDOutOfRange(id: 5, n: 5)) {
            try codec.encode(blocks: blocks, shareIDs: [4, 5])
        }
        #expect(throws: ErasureCodeError.shareIDOutOfRange(id: -1, n: 5)) {
            try codec.encode(blocks: blocks, shareIDs: [-1])
        }
        #expect(throws: ErasureCodeError.wrongBlockCount(expected: 3, actual: 2)) {
            try codec.encode(blocks: [[1], [2]])
        }
        #expect(throws: ErasureCodeError.blockLengthMismatch(shareID: 2, expected: 1, actual: 2)) {
            try codec.encode(blocks: [[1], [2], [3, 4]])
        }
    }

    @Test("decode checks count, ids, block lengths and output size", arguments: ErasureCodecKind.allCases)
    func decodeErrors(kind: ErasureCodecKind) throws {
        let codec = try TestData.codec(kind, k: 3, n: 5)
        let shares = try TestData.shares(codec, [1, 2, 3, 4, 5, 6], blockSize: 2)
        func decode(_ ids: [Int]) throws(ErasureCodeError) -> [[UInt8]] {
            try codec.decode(shares: ids.map { (id: $0, block: shares[min(max($0, 0), 4)]) })
        }
        #expect(throws: ErasureCodeError.wrongBlockCount(expected: 3, actual: 2)) { try decode([0, 4]) }
        #expect(throws: ErasureCodeError.wrongBlockCount(expected: 3, actual: 4)) { try decode([0, 1, 2, 3]) }
        #expect(throws: ErasureCodeError.duplicateShareID(4)) { try decode([4, 1, 4]) }
        #expect(throws: ErasureCodeError.shareIDOutOfRange(id: 5, n: 5)) { try decode([0, 1, 5]) }
        #expect(throws: ErasureCodeError.shareIDOutOfRange(id: -2, n: 5)) { try decode([0, -2, 1]) }
        #expect(throws: ErasureCodeError.blockLengthMismatch(shareID: 3, expected: 2, actual: 3)) {
            try codec.decode(shares: [(0, [1, 2]), (3, [1, 2, 3]), (4, [5, 6])])
        }
        #expect(try decode([4, 3, 1]) == [[1, 2], [3, 4], [5, 6]])

        let joined = Array(shares.joined())
        joined.withUnsafeBytes { raw in
            let blocks = [0, 3, 4].map { UnsafeRawBufferPointer(rebasing: raw[$0 * 2..<$0 * 2 + 2]) }
            var output = [UInt8](repeating: 0, count: 5)
            output.withUnsafeMutableBytes { out in
                #expect(throws: ErasureCodeError.bufferSizeMismatch(buffer: "output", expected: 6, actual: 5)) {
                    try codec.decode(shareIDs: [0, 3, 4], blocks: blocks, output: out, blockSize: 2)
                }
                #expect(throws: ErasureCodeError.wrongBlockCount(expected: 3, actual: 2)) {
                    try codec.decode(shareIDs: [0, 3, 4], blocks: Array(blocks.prefix(2)), output: out, blockSize: 2)
                }
            }
        }
    }

    @Test("codec names parse; errors describe themselves")
    func namesAndMessages() throws {
        #expect(try ErasureCodecKind.named("swift") == .swift)
        #expect(try ErasureCodecKind.named(" ISAL ") == .isal)
        #expect(try ErasureCodecKind.named("") == nil)
        #expect(throws: ErasureCodeError.unknownCodec("zfec")) { try ErasureCodecKind.named("zfec") }
        #expect(try ErasureCodecs.make(k: 2, n: 3, preferred: .swift).kind == .swift)
        #expect(try ErasureCodecs.make(k: 2, n: 3, preferred: .isal).kind == .isal)
        #expect(ErasureCodeError.badParameters(k: 0, n: 3).description.contains("k=0"))
        #expect(ErasureCodeError.duplicateShareID(4).description.contains("4"))
    }
}
