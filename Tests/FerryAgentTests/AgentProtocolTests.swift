import FerryAgent
import FerryClient
import FerryCore
import Testing

@Suite struct AgentProtocolTests {
    static let transfer = TransferSnapshot(
        entry: JournalEntry(id: 7, request: .download(cap: "URI:CHK:abc:def:3:10:1000", destination: "/tmp/a \"b\"\nc"), priority: 2,
                            state: .retrying(at: 12.5, code: "storage.transport", message: "connection reset"), phase: "fetching",
                            done: 500, total: 1000, rateLimit: 0, added: 1.25),
        speed: 1.5e6, eta: 3, history: [1, 2, 3], note: "server 2 replaced", retryIn: 4,
        detail: TransferDetail(storageIndex: "si", confirmed: 10, servers: [ServerPart(name: "127.0.0.1:1", shares: [0, 3], done: 5, total: 9, state: .replaced)]))

    static let frames: [AgentFrame] = [
        .hello(protocolVersion: 1, software: "ferry 0.7"),
        .welcome(protocolVersion: 1, software: "ferry 0.7", pid: 4242),
        .request(id: 1, command: .status),
        .request(id: 2, command: .add(request: .upload(path: "/home/u/ünïcode.bin"), priority: -1)),
        .request(id: 3, command: .setRateLimit(id: nil, bytesPerSecond: 1 << 20)),
        .request(id: 4, command: .setRateLimit(id: 9, bytesPerSecond: 0)),
        .request(id: 5, command: .settle(ids: [1, 2])),
        .reply(id: 2, outcome: .success(AgentResult(transfer: transfer))),
        .reply(id: 6, outcome: .success(.none)),
        .reply(id: 7, outcome: .success(AgentResult(snapshot: EngineSnapshot(transfers: [transfer], maximumActive: 2, rateLimit: 0)))),
        .reply(id: 8, outcome: .failure(AgentError(code: "file.missing", message: "no such file"))),
        .reply(id: 9, outcome: .success(AgentResult(status: AgentStatus(pid: 1, software: "ferry", protocolVersion: 1, socket: "/run/s",
                                                                       started: 2, transfers: 3, active: 1, clients: 2)))),
        .event(.updated(transfer)),
        .event(.removed(7)),
        .event(.settings(maximumActive: 3, rateLimit: 100)),
        .event(.notice("config changed: 2 at once")),
        .reply(id: 10, outcome: .success(AgentResult(status: AgentStatus(pid: 1, software: "ferry", protocolVersion: 1, socket: "/run/s",
                                                                        started: 2, transfers: 3, active: 1, clients: 2, maximumActive: 2, rateLimit: 5)))),
        .refused(.foreignUser),
    ]

    @Test func everyFrameSurvivesTheWire() throws {
        for frame in Self.frames {
            let line = FrameCodec.encode(frame)
            #expect(line.last == 0x0A)
            #expect(!line.dropLast().contains(0x0A), "one line per frame: \(frame)")
            #expect(try FrameCodec.decode(line.dropLast()) == frame)
        }
    }

    /// The documented shapes (docs/PROTOCOL.md): a change here is a protocol change.
    @Test func theWireFormatIsTheDocumentedOne() {
        func text(_ frame: AgentFrame) -> String { String(decoding: FrameCodec.encode(frame).dropLast(), as: UTF8.self) }
        #expect(text(.hello(protocolVersion: 1, software: "ferry 0.7")) == #"{"protocol":1,"software":"ferry 0.7","type":"hello"}"#)
        #expect(text(.request(id: 3, command: .pause(id: 12))) == #"{"command":{"pause":{"id":12}},"id":3,"type":"request"}"#)
        #expect(text(.request(id: 4, command: .pauseAll)) == #"{"command":{"pauseAll":{}},"id":4,"type":"request"}"#)
        #expect(text(.request(id: 5, command: .add(request: .upload(path: "/a/b"), priority: 0)))
            == #"{"command":{"add":{"priority":0,"request":{"upload":{"path":"/a/b"}}}},"id":5,"type":"request"}"#)
        #expect(text(.reply(id: 3, outcome: .success(.none))) == #"{"id":3,"result":{},"type":"reply"}"#)
        #expect(text(.reply(id: 3, outcome: .failure(AgentError(code: "transfer.unknown", message: "no transfer 12"))))
            == #"{"error":{"code":"transfer.unknown","message":"no transfer 12"},"id":3,"type":"reply"}"#)
        #expect(text(.event(.removed(7))) == #"{"event":{"id":7,"kind":"removed"},"type":"event"}"#)
        #expect(text(.refused(.notGreeted)) == #"{"code":"protocol.hello-first","message":"the first message must be a hello","type":"refused"}"#)
    }

    /// An event kind from a newer agent is skipped, not a broken connection (PROTOCOL.md: a
    /// new event kind is no new version); a status without the limits (an older agent's)
    /// reads too.
    @Test func unknownEventKindsAndMissingOptionalFieldsAreTolerated() throws {
        let newer = #"{"event":{"kind":"weather","sky":"clear"},"type":"event"}"#
        #expect(try FrameCodec.decode(Array(newer.utf8)) == .unknownEvent(kind: "weather"))
        #expect(try FrameCodec.decode(Array(#"{"event":{"kind":"notice","text":"hi"},"type":"event"}"#.utf8)) == .event(.notice("hi")))
        let older = #"{"id":1,"result":{"status":{"active":0,"clients":1,"pid":9,"protocolVersion":1,"socket":"/s","software":"ferry 0.1","started":0,"transfers":0}},"type":"reply"}"#
        guard case .reply(_, .success(let result)) = try FrameCodec.decode(Array(older.utf8)) else { Issue.record("not a reply"); return }
        #expect(result.status?.pid == 9 && result.status?.rateLimit == nil)
    }

    @Test func linesArriveInAnyPieces() throws {
        let stream = Self.frames.flatMap(FrameCodec.encode)
        var random = SplitMix(seed: 7)
        for _ in 0..<50 {
            var reader = FrameReader()
            var lines: [[UInt8]] = []
            var offset = 0
            while offset < stream.count {
                let piece = Int(random.next() % 700) + 1
                lines += try reader.take(stream[offset..<min(stream.count, offset + piece)])
                offset += piece
            }
            #expect(reader.pending == 0)
            #expect(try lines.map { try FrameCodec.decode($0) } == Self.frames)
        }
    }

    @Test func badInputGetsStableCodes() throws {
        for (input, code) in [("not json", "protocol.malformed"), (#"{"type":"nope"}"#, "protocol.malformed"), (#"{"type":"request"}"#, "protocol.malformed"),
                              (#"{"type":"request","id":"x","command":{"status":{}}}"#, "protocol.malformed"),
                              (#"{"type":"request","id":1,"command":{"format":{}}}"#, "protocol.malformed"), ("", "protocol.malformed")] {
            #expect(throws: AgentError.self, "\(input)") { try FrameCodec.decode(Array(input.utf8)) }
            do { _ = try FrameCodec.decode(Array(input.utf8)) } catch { #expect(error.code == code, "\(input): \(error)") }
        }
        var reader = FrameReader(limit: 100)
        #expect(throws: AgentError.tooLong) { try reader.take([UInt8](repeating: 0x41, count: 101)) }
        var fine = FrameReader(limit: 100)
        #expect(try fine.take([UInt8](repeating: 0x41, count: 90) + [0x0A] + [UInt8](repeating: 0x41, count: 90)).count == 1)
    }

    @Test func theHandshakeWelcomesItsOwnVersionAndExplainsOthers() {
        #expect(Handshake.answer(.hello(protocolVersion: 1, software: "ferry 0.7"), software: "ferry 0.8", pid: 5)
            == .welcome(protocolVersion: 1, software: "ferry 0.8", pid: 5))
        guard case .refused(let newer) = Handshake.answer(.hello(protocolVersion: 2, software: "ferry 0.9"), software: "ferry 0.8", pid: 5),
              case .refused(let older) = Handshake.answer(.hello(protocolVersion: 0, software: "ferry 0.1"), software: "ferry 0.8", pid: 5) else {
            Issue.record("other versions must be refused")
            return
        }
        #expect(newer.code == "protocol.version" && newer.message.contains("newer") && newer.message.contains("ferry agent stop"))
        #expect(older.code == "protocol.version" && older.message.contains("older"))
        #expect(Handshake.answer(.request(id: 1, command: .status), software: "ferry", pid: 5) == .refused(.notGreeted))
    }
}

/// A small deterministic generator for the split points.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
