import FerryCore
import FerryStorage
import FerryTestSupport
import Foundation
import Testing

/// Ferry's storage client against a real Tahoe-LAFS 1.20 storage node.
@Suite(.serialized) struct TahoeNodeInteropTests {
    @Test func ferryClientUsesRealTahoeStorageNode() async throws {
        let node = try await TahoeStorageNode.start()
        let nurl = try NURL(parsing: node.nurl)
        let data = (0..<250_000).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) }
        let index = try StorageIndex(bytes: Array(50..<66))
        let upload = try UploadSecret(Array(repeating: 4, count: 32))
        let lease = try LeaseSecrets(renew: Array(repeating: 5, count: 32), cancel: Array(repeating: 6, count: 32))
        try await StorageClient.with(nurl) { client in
            let version = try await client.version()
            #expect(String(decoding: version.applicationVersion, as: UTF8.self).hasPrefix("tahoe-lafs/1.20"))
            #expect(try await client.allocate(index, shares: [0, 3], size: 250_000, upload: upload, lease: lease).allocated == [0, 3])
            #expect(try await client.write(index, share: 0, at: 100_000, Array(data[100_000..<150_000]), upload: upload)
                == .partial(required: [0..<100_000, 150_000..<250_000]))
            try await client.uploadShare(index, share: 0, upload: upload, chunk: 64 * 1024) { Array(data[Int($0.lowerBound)..<Int($0.upperBound)]) }
            try await client.abort(index, share: 3, upload: upload)
            #expect(try await client.shares(of: index) == [0])
            #expect(try await client.read(index, share: 0, range: 0..<250_000) == data)
            #expect(try await client.read(index, share: 0, range: 249_000..<260_000) == Array(data[249_000...]))
            #expect(try await client.read(index, share: 0, range: 250_000..<250_010).isEmpty)
            #expect(try await client.length(index, share: 0) == 250_000, "found by one-byte reads: Tahoe's ranges end in /*")
            try await client.renewLease(index, lease: lease)
            try await client.adviseCorrupt(index, share: 0, reason: "checked by ferry")
            await expectStorageError("storage.not_found") { _ = try await client.read(index, share: 5, range: 0..<10) }
        }
        let ls = try await FerryProcess.run(["storage", "ls", node.nurl, index.base32])
        #expect(ls.status == 0 && ls.stdout == "0\n", "\(ls)")
        let long = try await FerryProcess.run(["storage", "ls", "-l", node.nurl, index.base32])
        #expect(long.status == 0 && long.stdout == "0 250000\n", "\(long)")
        let version = try await FerryProcess.run(["storage", "version", node.nurl])
        #expect(version.status == 0 && version.stdout.contains("application-version: tahoe-lafs/1.20"), "\(version)")
        await node.stop()
    }
}
