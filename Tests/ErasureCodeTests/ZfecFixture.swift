import Foundation

/// `Tests/Fixtures/zfec/encode.json`, written by `Tests/Fixtures/generate_zfec.py` from zfec.
struct ZfecFixture: Decodable {
    /// One zfec encoding: sha256 (and, when short, the bytes) of parity blocks k..<n.
    struct EncodeCase: Decodable, CustomStringConvertible {
        let k: Int
        let n: Int
        let blockSize: Int
        let seed: String
        let paritySha256: String
        let parityHex: String?
        let matrixHex: String?

        var description: String { "k=\(k) n=\(n) L=\(blockSize)" }
        /// The k primary blocks, concatenated.
        var input: [UInt8] { TestData.counterStream(seed: seed, count: k * blockSize) }
    }

    /// One zfec decoding from the listed shares (in the listed order).
    struct DecodeCase: Decodable, CustomStringConvertible {
        let k: Int
        let n: Int
        let blockSize: Int
        let seed: String
        let shareIDs: [Int]
        let paritySha256: String
        let recoveredSha256: String

        // Keys as produced by `.convertFromSnakeCase` ("share_ids" -> "shareIds").
        enum CodingKeys: String, CodingKey {
            case k, n, blockSize, seed, paritySha256, recoveredSha256
            case shareIDs = "shareIds"
        }

        var description: String { "k=\(k) n=\(n) L=\(blockSize) ids=\(shareIDs)" }
        var input: [UInt8] { TestData.counterStream(seed: seed, count: k * blockSize) }
    }

    let zfecVersion: String
    let encode: [EncodeCase]
    let decode: [DecodeCase]

    /// The fixture, parsed once.
    static let shared: ZfecFixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/zfec/encode.json")
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(ZfecFixture.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot load \(url.path): \(error); run Tests/Fixtures/generate_zfec.py")
        }
    }()
}
