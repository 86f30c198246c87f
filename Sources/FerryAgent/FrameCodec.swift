import Foundation

/// Frames as lines of JSON: one object per line, keys sorted (stable bytes for tests and
/// logs), no line breaks inside (JSON escapes them).
public enum FrameCodec {
    public static func encode(_ frame: AgentFrame) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every frame is made of plain values and strings: encoding cannot fail.
        let data = (try? encoder.encode(frame)) ?? Data(#"{"type":"refused","code":"agent.internal","message":"unencodable"}"#.utf8)
        return Array(data) + [0x0A]
    }

    /// One line (without its newline) as a frame; `protocol.malformed` when it is not JSON
    /// or not a known message.
    public static func decode(_ line: some Collection<UInt8>) throws(AgentError) -> AgentFrame {
        do {
            return try JSONDecoder().decode(AgentFrame.self, from: Data(line))
        } catch let error as DecodingError {
            throw .malformed(Self.describe(error))
        } catch {
            throw .malformed("not JSON")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context): context.codingPath.isEmpty ? "not JSON" : "\(context.debugDescription)"
        case .keyNotFound(let key, _): "missing \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "wrong type at \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        @unknown default: "unreadable"
        }
    }
}
