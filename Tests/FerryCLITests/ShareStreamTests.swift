@testable import FerryClient
import FerryCore
import FerryStorage
import FerryTestSupport
import Foundation
import Testing

/// Block reads kept open across windows (``ShareReadStream``, ``ReadStreams``) against a
/// real storage server process.
@Suite(.serialized) struct ShareStreamTests {
    static let index = try! StorageIndex(bytes: Array(140..<156))
    static let size = 3 << 20

    /// A server holding share 4 of ``index``: `size` pattern bytes.
    static func server(_ scratch: Scratch) async throws -> (NodeProcess, [UInt8]) {
        let server = try await NodeProcess(basedir: scratch.path("node"))
        let data = PatternBytes.linear(size, times: 29, plus: 3)
        let upload = try UploadSecret(Array(repeating: 5, count: 32))
        let lease = try LeaseSecrets(renew: Array(repeating: 1, count: 32), cancel: Array(repeating: 2, count: 32))
        try await withClient(server.nurl) { client in
            _ = try await client.allocate(index, shares: [4], size: UInt64(size), upload: upload, lease: lease)
            try await client.uploadShare(index, share: 4, upload: upload) { Array(data[Int($0.lowerBound)..<Int($0.upperBound)]) }
        }
        return (server, data)
    }

    @Test func aStreamReadInPiecesGivesTheRangeAndEndsThere() async throws {
        let scratch = try Scratch()
        let (server, data) = try await Self.server(scratch)
        try await withClient(server.nurl) { client in
            let stream = try await client.openRead(Self.index, share: 4, range: 1000..<2_000_000)
            var bytes: [UInt8] = []
            while !stream.ended {
                let before = bytes.count
                try await stream.read(count: 70_001, appendingTo: &bytes)
                #expect(stream.position == 1000 + UInt64(bytes.count))
                if bytes.count == before { break }
            }
            #expect(bytes == Array(data[1000..<2_000_000]) && stream.ended)
            // Past the end: nothing, at once. A share the server lacks: its error.
            let past = try await client.openRead(Self.index, share: 4, range: UInt64(Self.size)..<UInt64(Self.size) + 10)
            var none: [UInt8] = []
            try await past.read(count: 10, appendingTo: &none)
            #expect(none.isEmpty && past.ended)
            await expectStorageError("storage.not_found") { _ = try await client.openRead(Self.index, share: 5, range: 0..<10) }
        }
    }

    @Test func windowsThatCrossAStreamsEndOrJumpAreReadWhole() async throws {
        let scratch = try Scratch()
        let (server, data) = try await Self.server(scratch)
        try await withClient(server.nurl) { client in
            // Streams of 300,000 bytes under windows of 250,000: most windows cross an end.
            let streams = ReadStreams(span: 300_000)
            var offset = 0
            while offset < Self.size {
                let end = min(Self.size, offset + 250_000)
                let bytes = try await streams.read(Self.index, share: 4, position: 0, range: UInt64(offset)..<UInt64(end),
                                                   limit: UInt64(Self.size), from: client, into: [])
                #expect(bytes == Array(data[offset..<end]), "window at \(offset)")
                offset = end
            }
            // A read elsewhere (a retry, a resumed download) opens a stream where it starts.
            let back = try await streams.read(Self.index, share: 4, position: 0, range: 5..<400_005, limit: UInt64(Self.size), from: client, into: [])
            #expect(back == Array(data[5..<400_005]))
            // A limit short of the share: the stream stops there, and the next read opens another.
            let short = try await streams.read(Self.index, share: 4, position: 0, range: 400_005..<400_105, limit: 400_105, from: client, into: [])
            #expect(short == Array(data[400_005..<400_105]))
        }
    }
}
