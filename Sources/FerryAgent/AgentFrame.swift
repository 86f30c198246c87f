import FerryClient

/// One message on the agent's socket: a line of JSON whose `type` says which
/// (docs/PROTOCOL.md).
public enum AgentFrame: Sendable, Equatable {
    /// Client → agent, first: the protocol version it speaks and its software.
    case hello(protocolVersion: Int, software: String)
    /// Agent → client, answering a hello it accepts.
    case welcome(protocolVersion: Int, software: String, pid: Int32)
    /// Client → agent: a command; `id` comes back in its reply.
    case request(id: Int, command: AgentCommand)
    /// Agent → client: the result of request `id`, or why it failed.
    case reply(id: Int, outcome: Result<AgentResult, AgentError>)
    /// Agent → a watching client: what changed.
    case event(EngineEvent)
    /// Agent → a watching client: an event of a kind this side does not know (a newer
    /// agent's), which a client skips (docs/PROTOCOL.md: new event kinds are no new version).
    case unknownEvent(kind: String)
    /// Agent → client, then the agent closes: the connection itself is refused (another
    /// user, another protocol version, a message that is not one).
    case refused(AgentError)
}

extension AgentFrame: Codable {
    private enum Key: String, CodingKey {
        case type, `protocol`, software, pid, id, command, result, error, event, code, message
    }
    private enum EventKey: String, CodingKey { case kind }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        switch try container.decode(String.self, forKey: .type) {
        case "hello":
            self = .hello(protocolVersion: try container.decode(Int.self, forKey: .protocol), software: try container.decode(String.self, forKey: .software))
        case "welcome":
            self = .welcome(protocolVersion: try container.decode(Int.self, forKey: .protocol), software: try container.decode(String.self, forKey: .software),
                            pid: try container.decode(Int32.self, forKey: .pid))
        case "request":
            self = .request(id: try container.decode(Int.self, forKey: .id), command: try container.decode(AgentCommand.self, forKey: .command))
        case "reply":
            let id = try container.decode(Int.self, forKey: .id)
            if let error = try container.decodeIfPresent(AgentError.self, forKey: .error) {
                self = .reply(id: id, outcome: .failure(error))
            } else {
                self = .reply(id: id, outcome: .success(try container.decode(AgentResult.self, forKey: .result)))
            }
        case "event":
            let kind = try container.nestedContainer(keyedBy: EventKey.self, forKey: .event).decode(String.self, forKey: .kind)
            self = EngineEvent.kinds.contains(kind) ? .event(try container.decode(EngineEvent.self, forKey: .event)) : .unknownEvent(kind: kind)
        case "refused":
            self = .refused(AgentError(code: try container.decode(String.self, forKey: .code), message: try container.decode(String.self, forKey: .message)))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown message type \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .hello(let version, let software):
            try container.encode("hello", forKey: .type)
            try container.encode(version, forKey: .protocol)
            try container.encode(software, forKey: .software)
        case .welcome(let version, let software, let pid):
            try container.encode("welcome", forKey: .type)
            try container.encode(version, forKey: .protocol)
            try container.encode(software, forKey: .software)
            try container.encode(pid, forKey: .pid)
        case .request(let id, let command):
            try container.encode("request", forKey: .type)
            try container.encode(id, forKey: .id)
            try container.encode(command, forKey: .command)
        case .reply(let id, let outcome):
            try container.encode("reply", forKey: .type)
            try container.encode(id, forKey: .id)
            switch outcome {
            case .success(let result): try container.encode(result, forKey: .result)
            case .failure(let error): try container.encode(error, forKey: .error)
            }
        case .event(let event):
            try container.encode("event", forKey: .type)
            try container.encode(event, forKey: .event)
        case .unknownEvent(let kind):
            try container.encode("event", forKey: .type)
            var event = container.nestedContainer(keyedBy: EventKey.self, forKey: .event)
            try event.encode(kind, forKey: .kind)
        case .refused(let error):
            try container.encode("refused", forKey: .type)
            try container.encode(error.code, forKey: .code)
            try container.encode(error.message, forKey: .message)
        }
    }
}
