import Crypto
import FaultProxy
import FerryClient
import FerryCore
@testable import FerryStorage
import Foundation
import Testing

/// The end-to-end case: 256 MiB up through the helper and back down from the
/// storage servers, every connection through a proxy that cuts every 16 MiB and stalls
/// twice; both finish by themselves with the right SHA-256. The bytes re-sent per cut are
/// printed (the benchmarks quote them).
@Suite(.serialized) struct BigTransferFaultTests {
    static let size = 256 << 20

    static func sha256(_ path: String) throws -> [UInt8] {
        let file = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        var hasher = SHA256()
        while let chunk = try file.read(upToCount: 4 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return Array(hasher.finalize())
    }

    @Test func twoHundredFiftySixMiBUpAndDownThroughCutsAndStalls() async throws {
        let scratch = try Scratch()
        let (storage, helper) = try await HelperPushTests.startGrid(scratch, servers: 5)
        let path = scratch.path("big.bin")
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let writer = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        for piece in 0..<(Self.size >> 20) { try writer.write(contentsOf: Data(randomBytes(1 << 20, seed: UInt64(piece) + 900))) }
        try writer.close()
        let plan = FaultPlan(cutEvery: 16 << 20, stalls: [.init(afterBytes: 40 << 20, seconds: 3), .init(afterBytes: 150 << 20, seconds: 3)])

        // Up: through the helper's proxy.
        let helperProxy = try FaultProxy(targetPort: helper.nurl.port, plan: plan)
        let proxiedHelper = NURL(spkiHash: helper.nurl.spkiHash, host: "127.0.0.1", port: helperProxy.port, swissnum: helper.nurl.swissnum)
        let cap = try await StorageClient.with(proxiedHelper, idleTimeout: .seconds(1)) { transport in
            var uploader = Uploader(helper: HelperClient(transport: transport), secret: UploaderTests.secret, encoding: UploaderTests.encoding,
                                    retry: RetryPolicy(initialDelay: 0.05, maximumDelay: 0.5, maximumTries: 60))
            uploader.chunkSize = 1 << 20
            return try await uploader.upload(path)
        }
        #expect(helperProxy.cuts >= 10, "the proxy cut \(helperProxy.cuts) times")
        let resent = helperProxy.forwarded - UInt64(Self.size)
        print("256 MiB up through \(helperProxy.cuts) cuts and 2 stalls: \(resent) bytes crossed beyond the file (\(resent / UInt64(max(1, helperProxy.cuts))) per cut, TLS and HTTP included)")

        // Down: through a proxy per storage server.
        let proxies = try storage.map { try FaultProxy(targetPort: $0.nurl.port, plan: plan) }
        let nurls = zip(storage, proxies).map { NURL(spkiHash: $0.nurl.spkiHash, host: "127.0.0.1", port: $1.port, swissnum: $0.nurl.swissnum) }
        try await DownloaderTests.download(cap, from: nurls, to: .file(scratch.path("copy.bin")), windowBytes: 1 << 20, idleTimeout: 1)
        let cuts = proxies.reduce(0) { $0 + $1.cuts }
        #expect(cuts >= 5, "the proxies cut \(cuts) times")
        #expect(try Self.sha256(scratch.path("copy.bin")) == Self.sha256(path))
        print("256 MiB down through \(cuts) cuts: \(proxies.reduce(0) { $0 + $1.forwarded }) bytes crossed for a file of \(Self.size) (shares k=2 of N=5)")
    }
}
