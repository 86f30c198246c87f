import FerryCore
import Testing

@Suite struct CipherAndLayoutTests {
    @Test func ctrFromAnyOffsetMatchesOneShot() throws {
        let cipher = try CTRCipher(key: Array(0..<16))
        let plain = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let whole = cipher.apply(plain, atOffset: 0)
        #expect(whole != plain)
        #expect(cipher.apply(whole, atOffset: 0) == plain)
        for start in [1, 15, 16, 17, 31, 500, 999] {
            for length in [0, 1, 5, 16, 33, 1000 - start] where start + length <= 1000 {
                let part = cipher.apply(Array(plain[start..<start + length]), atOffset: UInt64(start))
                #expect(part == Array(whole[start..<start + length]), "offset \(start) length \(length)")
                var inPlace = Array(plain[start..<start + length])
                cipher.applyInPlace(&inPlace, atOffset: UInt64(start))
                #expect(inPlace == part, "in place: offset \(start) length \(length)")
            }
        }
        #expect(throws: CoreError.self) { try CTRCipher(key: [1, 2, 3]) }
    }

    @Test func ctrInPlaceAcrossChunksMatchesACopy() throws {
        let cipher = try CTRCipher(key: Array(100..<116))
        var bytes = (0..<200_003).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let copy = cipher.apply(bytes, atOffset: 5)
        cipher.applyInPlace(&bytes, atOffset: 5)
        #expect(bytes == copy)
    }

    @Test func ctrCounterCarriesAcrossWords() throws {
        let cipher = try CTRCipher(key: Array(repeating: 7, count: 16))
        let offset: UInt64 = (1 << 36) - 8
        let plain = [UInt8](repeating: 0, count: 64)
        let streamed = cipher.apply(Array(plain[0..<8]), atOffset: offset) + cipher.apply(Array(plain[8...]), atOffset: offset + 8)
        #expect(streamed == cipher.apply(plain, atOffset: offset))
    }

    @Test func layoutRoundTripsBothVersions() throws {
        let geometry = try FileGeometry(fileSize: 5_000_000, parameters: .default)
        for forceV2 in [false, true] {
            let layout = ShareLayout.plan(geometry: geometry, shareHashCount: 5, uriExtensionSize: 300, forceV2: forceV2)
            #expect(layout.version == (forceV2 ? 2 : 1))
            #expect(layout.header.count == layout.headerSize)
            #expect(try ShareLayout(parsing: layout.header, shareNumber: 0) == layout)
        }
    }

    @Test func badLayoutsAreRefused() {
        #expect(throws: CoreError.self) { try ShareLayout(parsing: [0, 0, 0, 3] + Array(repeating: 0, count: 64), shareNumber: 1) }
        #expect(throws: CoreError.self) { try ShareLayout(parsing: [0, 0, 0, 1, 0, 0], shareNumber: 1) }
        var header = ShareLayout.plan(geometry: try! FileGeometry(fileSize: 1000, parameters: .default),
                                      shareHashCount: 5, uriExtensionSize: 300).header
        header[0x14 + 3] = 0
        #expect(throws: CoreError.self) { try ShareLayout(parsing: header, shareNumber: 1) }
    }

    @Test func parametersAreValidated() {
        for (k, happy, n) in [(0, 1, 1), (4, 3, 3), (3, 7, 257), (3, 11, 10), (3, 0, 10)] {
            #expect(throws: CoreError.self) { try EncodingParameters(needed: k, happy: happy, total: n).validated() }
        }
        #expect(throws: CoreError.self) { try FileGeometry(fileSize: 0, parameters: .default) }
    }
}
