import FerryCore
import FerryHelper
import FerryHelperProtocol
@testable import FerryStorage
import FerryTestSupport
import Foundation
import NIOHTTP1
import Testing

/// The receiving half of the helper protocol against a real `ferry helper serve`.
@Suite(.serialized) struct HelperReceiveTests {
    static let index = try! StorageIndex(bytes: Array(30..<46))
    static let data = (0..<700_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 11) }
    /// Happiness 1: the helper knows one storage server (an absent one), and an ask for more
    /// than it has is refused at once.
    static let encoding = EncodingParameters(needed: 3, happy: 1, total: 10, maxSegmentSize: EncodingParameters.default.maxSegmentSize)
    static let ticket = UploadTicket(size: UInt64(data.count), encoding: encoding)

    /// A storage server no one runs (port 9 on loopback refuses): the push that follows a
    /// complete upload fails at once, which these tests of the receiving half rely on.
    static let absentStorage = "pb://\(String(repeating: "A", count: 43))@127.0.0.1:9/absent#v=1"

    static func helper(_ scratch: Scratch) async throws -> NodeProcess {
        try await NodeProcess(basedir: scratch.path("helper"), command: ["helper", "serve", "--storage", absentStorage])
    }

    static func spooled(_ scratch: Scratch, _ directory: String) -> [UInt8]? {
        (try? Data(contentsOf: URL(fileURLWithPath: scratch.path("helper/helper/\(directory)/\(index.base32)")))).map(Array.init)
    }

    @Test func askAppendResumeAndComplete() async throws {
        let scratch = try Scratch()
        let helper = try await Self.helper(scratch)
        let data = Self.data
        try await StorageClient.with(helper.nurl) { client in
            let wire = HelperWire(client: client, index: Self.index)
            #expect(try await wire.answer(Self.ticket) == .receiving(offset: 0, size: Self.ticket.size))
            let first = try await wire.patch(at: 0, Array(data[0..<300_000]))
            #expect(first.status == 204 && first.offset == 300_000)
            let head = try await wire.head()
            #expect(head.status == 204 && head.offset == 300_000 && head.complete == "?0")
            #expect(try await wire.answer(Self.ticket) == .receiving(offset: 300_000, size: Self.ticket.size),
                    "asking again answers the offset to go on from")
            let wrong = try await wire.patch(at: 250_000, Array(data[250_000..<400_000]))
            #expect(wrong.status == 409 && wrong.offset == 300_000 && wrong.code == "helper.offset_mismatch")
            let rest = try await wire.patch(at: 300_000, Array(data[300_000...]), complete: true)
            #expect(rest.status == 204 && rest.offset == UInt64(data.count))
            let done = try await wire.head()
            #expect(done.offset == UInt64(data.count) && done.complete == "?1")
            // With no storage server answering, the push that follows fails at once; either
            // way the client is told not to send more.
            let after = try await wire.answer(Self.ticket)
            guard case .busy(let phase, let size)? = after else {
                Issue.record("after the last byte: \(String(describing: after))")
                return
            }
            #expect([.encoding, .pushing, .failed].contains(phase) && size == Self.ticket.size)
            let late = try await wire.patch(at: UInt64(data.count), [1])
            #expect(late.status == 409 && late.code == "helper.not_receiving")
        }
        #expect(Self.spooled(scratch, "CHK_encoding") == data, "the complete ciphertext moved to CHK_encoding, byte for byte")
        #expect(Self.spooled(scratch, "CHK_incoming") == nil)
    }

    @Test func badInputGetsClearErrorsAndLosesNothing() async throws {
        let scratch = try Scratch()
        let helper = try await Self.helper(scratch)
        let data = Self.data
        try await StorageClient.with(helper.nurl) { client in
            let wire = HelperWire(client: client, index: Self.index)
            #expect(try await wire.head().status == 404)
            #expect(try await wire.patch(at: 0, [1, 2, 3]).code == "helper.not_found", "ciphertext before an ask")
            var bad = Self.ticket
            bad.encoding.needed = 11
            #expect(try await wire.ask(bad).0 == 400)
            _ = try await wire.ask(Self.ticket)
            var other = Self.ticket
            other.size += 1
            let mismatch = try await wire.ask(other)
            #expect(mismatch.0 == 409 && mismatch.1?["code"]?.textValue == "helper.parameters_mismatch")
            _ = try await wire.patch(at: 0, Array(data[0..<1000]))
            for headers in [[("Upload-Offset", "ten")], [("Upload-Offset", "-1")], [("Upload-Offset", "1000"), ("Upload-Complete", "yes")]] {
                let (status, _, _) = try await client.send(.PATCH, wire.path, headers: headers, body: [1], contentType: "application/octet-stream")
                #expect(status == 400, "\(headers)")
            }
            let short = try await wire.patch(at: 1000, Array(data[1000..<2000]), complete: true)
            #expect(short.status == 400 && short.code == "helper.bad_request", "Upload-Complete with bytes missing")
            #expect(try await wire.head().offset == 2000, "what arrived with the refused piece is kept")
            let long = try await wire.patch(at: 2000, Array(data[2000...]) + [9, 9, 9])
            #expect(long.status == 413 && long.code == "helper.too_large")
            #expect(try await wire.head().offset == UInt64(data.count), "the bytes up to the declared size are kept")
            let (status, _, _) = try await client.send(.HEAD, "/helper/v1/upload/NOT-AN-SI")
            #expect(status == 400)
        }
        let stranger = try NURL(parsing: helper.nurl.description.replacingOccurrences(of: "/\(helper.nurl.swissnum)#", with: "/wrong#"))
        try await StorageClient.with(stranger) { client in
            let (status, _, _) = try await client.send(.GET, "/helper/v1/version")
            #expect(status == 401)
        }
        #expect(Self.spooled(scratch, "CHK_encoding") == data)
    }

    @Test func aCutRequestKeepsWhatArrivedAndAKillNineKeepsWhatWasAcknowledged() async throws {
        let scratch = try Scratch()
        let helper = try await Self.helper(scratch)
        let data = PatternBytes.linear(24 << 20, times: 5, plus: 1)
        let ticket = UploadTicket(size: UInt64(data.count), encoding: Self.encoding)
        try await StorageClient.with(helper.nurl) { client in
            let wire = HelperWire(client: client, index: Self.index)
            _ = try await wire.ask(ticket)
            // The client breaks off after sending the first 3 MiB.
            let cut = try await wire.streamingPatch(at: 0, length: data.count,
                                                    body: PacedBody(bytes: Array(data[0..<(3 << 20)]), pause: .zero, failAtEnd: true))
            _ = try? await client.http.execute(cut, timeout: .seconds(30))
            var kept = try await wire.head().offset ?? 0
            for _ in 0..<100 where kept == 0 {
                try await Task.sleep(for: .milliseconds(20))
                kept = try await wire.head().offset ?? 0
            }
            #expect(kept > 0 && kept <= 3 << 20, "bytes that arrived before the cut are kept (\(kept))")
            // Now a slow request, and a kill -9 once the helper has committed a piece.
            let slow = try await wire.streamingPatch(at: kept, length: data.count - Int(kept),
                                                     body: PacedBody(bytes: Array(data[Int(kept)...]), pause: .milliseconds(5), failAtEnd: false))
            async let request = client.http.execute(slow, timeout: .seconds(60))
            let log = scratch.path("helper/helper/CHK_incoming/\(Self.index.base32).offsets")
            func logged() -> Int { ((try? FileManager.default.attributesOfItem(atPath: log))?[.size] as? NSNumber)?.intValue ?? 0 }
            let before = logged()
            let deadline = ContinuousClock.now + .seconds(20)
            while logged() <= before, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            await helper.killHard()
            _ = try? await request
        }
        try await helper.restart()
        try await StorageClient.with(helper.nurl) { client in
            let wire = HelperWire(client: client, index: Self.index)
            let resumed = try await wire.answer(ticket)
            guard case .receiving(let offset, _)? = resumed else {
                Issue.record("after kill -9: \(String(describing: resumed))")
                return
            }
            #expect(offset > 3 << 20 && offset < UInt64(data.count), "committed bytes survive kill -9 (offset \(offset))")
            let rest = try await wire.patch(at: offset, Array(data[Int(offset)...]), complete: true)
            #expect(rest.status == 204)
        }
        #expect(Self.spooled(scratch, "CHK_encoding") == data)
    }
}

extension HelperReceiveTests {
    @Test func aNewerRequestTakesOverFromAnOlderOneStillOpen() async throws {
        let scratch = try Scratch()
        let helper = try await Self.helper(scratch)
        let data = PatternBytes.linear(6 << 20, times: 17, plus: 5)
        let ticket = UploadTicket(size: UInt64(data.count), encoding: Self.encoding)
        try await StorageClient.with(helper.nurl) { client in
            let wire = HelperWire(client: client, index: Self.index)
            _ = try await wire.ask(ticket)
            // An old, slow request still trickling in…
            let old = try await wire.streamingPatch(at: 0, length: data.count,
                                                    body: PacedBody(bytes: data, pause: .milliseconds(60), failAtEnd: false))  // ~6 s: still going when the new one comes
            async let oldAnswer = client.http.execute(old, timeout: .seconds(60))
            try await Task.sleep(for: .milliseconds(800))
            // …and a new one from the client that gave up on it.
            var offset: UInt64 = 0
            let first = try await wire.patch(at: 0, data)
            if first.status == 409 {
                #expect(first.code == "helper.offset_mismatch")
                offset = try #require(first.offset)
                #expect(offset > 0, "the old request's bytes were kept and made durable before the check")
                let second = try await wire.patch(at: offset, Array(data[Int(offset)...]), complete: true)
                #expect(second.status == 204 && second.offset == UInt64(data.count))
            } else {
                #expect(first.status == 204)
            }
            let response = try? await oldAnswer
            #expect(response?.status.code != 204, "the old request was cut off, not completed")
        }
        #expect(Self.spooled(scratch, "CHK_encoding") == data, "the two requests never interleaved")
    }
}

extension HelperReceiveTests {
    @Test func progressCanBeFollowedWithoutPolling() async throws {
        let scratch = try Scratch()
        let helper = try await Self.helper(scratch)
        try await StorageClient.with(helper.nurl) { client in
            let wire = HelperWire(client: client, index: Self.index)
            _ = try await wire.ask(Self.ticket)
            let (_, _, body) = try await client.send(.GET, wire.path + "/progress")
            let revision = try #require(try CBORDecoder.decode(body)["revision"]?.uint)
            // Nothing happens: the answer comes after the wait, unchanged.
            let (_, _, idle) = try await client.send(.GET, wire.path + "/progress?after=\(revision)&wait=1")
            #expect(try CBORDecoder.decode(idle)["revision"]?.uint == revision)
            // Something happens while a request waits: it answers with the change.
            async let waiting = client.send(.GET, wire.path + "/progress?after=\(revision)&wait=50")
            try await Task.sleep(for: .milliseconds(200))
            _ = try await wire.patch(at: 0, Array(Self.data[0..<1000]))
            let (status, _, changed) = try await waiting
            let progress = try CBORDecoder.decode(changed)
            #expect(status == 200 && (progress["revision"]?.uint ?? 0) > revision && progress["received"]?.uint == 1000)
        }
    }
}

extension HelperReceiveTests {
    @Test func abortRemovesTheSpoolInEachPhase() async throws {
        let scratch = try Scratch()
        let helper = try await Self.helper(scratch)
        let other = try StorageIndex(bytes: Array(100..<116))
        try await StorageClient.with(helper.nurl) { client in
            let receiving = HelperWire(client: client, index: Self.index)
            #expect(try await client.send(.DELETE, receiving.path).0 == 404, "nothing to abort yet")
            _ = try await receiving.ask(Self.ticket)
            _ = try await receiving.patch(at: 0, Array(Self.data[0..<5000]))
            #expect(try await client.send(.DELETE, receiving.path).0 == 204)
            #expect(try await receiving.head().status == 404)
            #expect(Self.spooled(scratch, "CHK_incoming") == nil)
            #expect(!FileManager.default.fileExists(atPath: scratch.path("helper/helper/CHK_incoming/\(Self.index.base32).meta")))
            #expect(try await receiving.answer(Self.ticket) == .receiving(offset: 0, size: Self.ticket.size), "an aborted upload starts afresh")
            // Complete (the push fails: no storage server answers), then abort: CHK_encoding goes too.
            let complete = HelperWire(client: client, index: other)
            _ = try await complete.ask(Self.ticket)
            _ = try await complete.patch(at: 0, Self.data, complete: true)
            #expect(FileManager.default.fileExists(atPath: scratch.path("helper/helper/CHK_encoding/\(other.base32)")))
            #expect(try await client.send(.DELETE, complete.path).0 == 204)
            #expect(!FileManager.default.fileExists(atPath: scratch.path("helper/helper/CHK_encoding/\(other.base32)")))
            #expect(try await complete.head().status == 404)
        }
    }
}

extension HelperReceiveTests {
    @Test func garbageOnEveryEndpointGetsAClearErrorAndLosesNothing() async throws {
        let scratch = try Scratch()
        let helper = try await Self.helper(scratch)
        try await StorageClient.with(helper.nurl) { client in
            let wire = HelperWire(client: client, index: Self.index)
            _ = try await wire.ask(Self.ticket)
            _ = try await wire.patch(at: 0, Array(Self.data[0..<4000]))
            let cases: [(HTTPMethod, String, [(String, String)], [UInt8]?)] = [
                (.POST, wire.path, [], [0xff, 0x00, 0x13]),                                       // not CBOR
                (.POST, wire.path, [], CBOREncoder.encode(.map([(.text("size"), .text("big"))]))), // wrong types
                (.POST, wire.path, [], CBOREncoder.encode(.array([]))),                           // not a map
                (.POST, wire.path, [], [UInt8](repeating: 0x80, count: 100_000)),                 // too large
                (.PATCH, wire.path, [("Upload-Offset", "4000"), ("Upload-Complete", "?2")], [1]),
                (.PATCH, wire.path, [("Upload-Offset", "18446744073709551616")], [1]),
                (.PATCH, wire.path, [("Upload-Offset", " 4000x")], [1]),
                (.PATCH, wire.path, [], [1]),
                (.GET, "/helper/v1/upload/\(Self.index.base32.uppercased())/progress", [], nil),
                (.HEAD, "/helper/v1/upload/../../etc", [], nil),
                (.DELETE, "/helper/v1/upload/%00", [], nil),
                (.POST, "/helper/v1/upload/" + String(repeating: "a", count: 27), [], CBOREncoder.encode(HelperMessages.ask(Self.ticket))),
            ]
            for (method, path, headers, body) in cases {
                let (status, _, answer) = try await client.send(method, path, headers: headers, body: body,
                                                                contentType: method == .PATCH ? "application/octet-stream" : "application/cbor")
                #expect((400..<500).contains(status), "\(method) \(path) \(headers) → \(status)")
                if method != .HEAD, status != 404 {
                    #expect((try? CBORDecoder.decode(answer))?["code"]?.textValue?.hasPrefix("helper.") == true, "\(method) \(path): \(answer.count) bytes")
                }
            }
            #expect(try await wire.head().offset == 4000, "no spooled byte was lost or added")
        }
    }
}
