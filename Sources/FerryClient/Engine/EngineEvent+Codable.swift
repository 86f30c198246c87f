/// The agent protocol's form of an event (docs/PROTOCOL.md): `{"kind": "updated",
/// "transfer": {…}}`, `{"kind": "removed", "id": 7}`, `{"kind": "settings",
/// "maximumActive": 2, "rateLimit": 0}`, `{"kind": "notice", "text": "…"}`.
extension EngineEvent: Codable {
    private enum Key: String, CodingKey { case kind, transfer, id, maximumActive, rateLimit, text }

    /// The kinds this version knows; a client skips others (a newer agent's).
    public static let kinds: Set<String> = ["updated", "removed", "settings", "notice"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "updated": self = .updated(try container.decode(TransferSnapshot.self, forKey: .transfer))
        case "removed": self = .removed(try container.decode(Int64.self, forKey: .id))
        case "settings":
            self = .settings(maximumActive: try container.decode(Int.self, forKey: .maximumActive),
                             rateLimit: try container.decode(UInt64.self, forKey: .rateLimit))
        case "notice": self = .notice(try container.decode(String.self, forKey: .text))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown event kind \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .updated(let transfer):
            try container.encode("updated", forKey: .kind)
            try container.encode(transfer, forKey: .transfer)
        case .removed(let id):
            try container.encode("removed", forKey: .kind)
            try container.encode(id, forKey: .id)
        case .settings(let maximumActive, let rateLimit):
            try container.encode("settings", forKey: .kind)
            try container.encode(maximumActive, forKey: .maximumActive)
            try container.encode(rateLimit, forKey: .rateLimit)
        case .notice(let text):
            try container.encode("notice", forKey: .kind)
            try container.encode(text, forKey: .text)
        }
    }
}
