import FerryStorage

/// The progress resource as a client reads it (docs/PROTOCOL.md).
public struct HelperProgress: Sendable, Equatable {
    /// Per storage server: its id, its shares, share bytes it held at the start of the pass, sent,
    /// stored, its total, and its state.
    public struct Server: Sendable, Equatable {
        public var id: String
        /// Its HOST:PORT, when the helper says (for people; `id` is the key).
        public var address: String?
        public var shares: [Int]
        public var held: UInt64
        public var sent: UInt64
        public var stored: UInt64
        public var total: UInt64
        public var state: String
    }

    public var revision: UInt64
    public var phase: UploadPhase
    public var size: UInt64
    public var received: UInt64
    /// Bytes taken in, durable or not (nil from a helper that does not say): it grows while
    /// a body still arrives, which tells a slow link from a stalled one.
    public var arrived: UInt64?
    public var segments: UInt64
    public var encoded: UInt64
    public var servers: [Server]
    public var result: UploadResult?
    public var error: HelperError?

    /// Reads a progress body; anything malformed is a `helper.bad_request` naming it.
    public init(parsing value: CBORValue) throws(HelperError) {
        guard let revision = value["revision"]?.uint, let phase = value["state"]?.textValue.flatMap(UploadPhase.init(rawValue:)),
              let size = value["size"]?.uint, let received = value["received"]?.uint else {
            throw .badRequest("not a progress answer: \(value)")
        }
        self.revision = revision
        self.phase = phase
        self.size = size
        self.received = received
        arrived = value["arrived"]?.uint
        segments = value["segments"]?.uint ?? 0
        encoded = value["encoded"]?.uint ?? 0
        servers = (value["servers"]?.arrayValue ?? []).compactMap { entry in
            guard let id = entry["id"]?.textValue else { return nil }
            let shares = (entry["shares"]?.arrayValue ?? []).compactMap { $0.uint.map(Int.init) }
            return Server(id: id, address: entry["address"]?.textValue, shares: shares, held: entry["held"]?.uint ?? 0, sent: entry["sent"]?.uint ?? 0, stored: entry["stored"]?.uint ?? 0,
                          total: entry["total"]?.uint ?? 0, state: entry["state"]?.textValue ?? "")
        }
        result = try value["result"].map { value throws(HelperError) in try HelperMessages.parseResult(value) }
        error = value["error"].map { HelperMessages.parseError(status: 500, $0) }
    }
}
