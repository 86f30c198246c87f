/// One connection's protocol state, without I/O: bytes in, what to do out (send a frame,
/// run a command, or send a last frame and close).
struct AgentSession {
    enum Step: Equatable {
        case send(AgentFrame)
        case run(id: Int, AgentCommand)
        case close(AgentFrame)
    }

    let software: String
    let pid: Int32
    private var reader = FrameReader()
    private var greeted = false
    private var closed = false

    init(software: String, pid: Int32) {
        self.software = software
        self.pid = pid
    }

    mutating func take(_ bytes: some Sequence<UInt8>) -> [Step] {
        guard !closed else { return [] }
        let lines: [[UInt8]]
        do { lines = try reader.take(bytes) } catch { return finish(.refused(error)) }
        var steps: [Step] = []
        for line in lines {
            let frame: AgentFrame
            do { frame = try FrameCodec.decode(line) } catch { return steps + finish(.refused(error)) }
            if !greeted {
                let answer = Handshake.answer(frame, software: software, pid: pid)
                guard case .welcome = answer else { return steps + finish(answer) }
                greeted = true
                steps.append(.send(answer))
                continue
            }
            guard case .request(let id, let command) = frame else {
                return steps + finish(.refused(.malformed("a client sends only requests after its hello")))
            }
            steps.append(.run(id: id, command))
        }
        return steps
    }

    private mutating func finish(_ frame: AgentFrame) -> [Step] {
        closed = true
        return [.close(frame)]
    }
}
