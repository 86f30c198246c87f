import ErasureCode
import Testing

/// Both codecs against zfec's own output (Tests/Fixtures/zfec/encode.json).
@Suite("zfec fixtures")
struct ZfecFixtureTests {
    let fixture = ZfecFixture.shared

    @Test("fixture covers every pair with n <= 20 and the large n values")
    func coverage() {
        let pairs = Set(fixture.encode.map { [$0.k, $0.n] })
        for n in 1...20 {
            for k in 1...n { #expect(pairs.contains([k, n]), "missing k=\(k) n=\(n)") }
        }
        for n in [32, 64, 100, 128, 200, 255, 256] {
            for k in [1, 2, 3, n / 2, n - 1, n] { #expect(pairs.contains([k, n]), "missing k=\(k) n=\(n)") }
        }
        #expect(Set(fixture.encode.map(\.blockSize)) == [1, 37, 4096])
        #expect(fixture.decode.count >= 5)
    }

    @Test("parity matches zfec byte for byte", arguments: ErasureCodecKind.allCases)
    func encodeMatchesZfec(kind: ErasureCodecKind) throws {
        for item in fixture.encode {
            let codec = try TestData.codec(kind, k: item.k, n: item.n)
            let parity = try TestData.parity(codec, item.input, blockSize: item.blockSize)
            #expect(TestData.sha256Hex(parity) == item.paritySha256, "\(item)")
            if let hex = item.parityHex { #expect(TestData.hex(parity) == hex, "\(item)") }
        }
    }

    @Test("ZfecMatrix parity rows equal zfec's")
    func matrixMatchesZfec() throws {
        var checked = 0
        for item in fixture.encode {
            guard let hex = item.matrixHex else { continue }
            let matrix = try ZfecMatrix(k: item.k, n: item.n)
            #expect(TestData.hex(Array(matrix.coefficients[(item.k * item.k)...])) == hex, "\(item)")
            for id in 0..<item.k {
                #expect(Array(matrix.row(id)) == (0..<item.k).map { $0 == id ? 1 : 0 })
            }
            checked += 1
        }
        #expect(checked == 210)
    }

    @Test("decoding zfec's shares recovers what zfec recovers", arguments: ErasureCodecKind.allCases)
    func decodeMatchesZfec(kind: ErasureCodecKind) throws {
        for item in fixture.decode {
            let codec = try TestData.codec(kind, k: item.k, n: item.n)
            let input = item.input
            let shares = try TestData.shares(codec, input, blockSize: item.blockSize)
            #expect(TestData.sha256Hex(Array(shares[item.k...].joined())) == item.paritySha256, "\(item)")
            let recovered = try TestData.decode(codec, shares: shares, ids: item.shareIDs, blockSize: item.blockSize)
            #expect(TestData.sha256Hex(recovered) == item.recoveredSha256, "\(item)")
            #expect(recovered == input, "\(item)")
            let viaArrays = try codec.decode(shares: item.shareIDs.map { (id: $0, block: shares[$0]) })
            #expect(Array(viaArrays.joined()) == input, "\(item)")
        }
    }
}
