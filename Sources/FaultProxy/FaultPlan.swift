/// What a ``FaultProxy`` does to the bytes it carries: cut the connection every so many
/// bytes, go silent for a while at given byte counts, hold to a bandwidth, refuse new
/// connections for a while. Changeable while the proxy runs.
public struct FaultPlan: Sendable, Equatable {
    /// Cut (reset) the connection carrying the byte that crosses each multiple of this.
    public var cutEvery: UInt64?
    /// Go silent, both ways, for `seconds` when this many bytes have passed (each once).
    public var stalls: [Stall]
    /// Bytes per second, both ways together; nil: as fast as the sockets go.
    public var bytesPerSecond: Double?
    /// New connections are reset at once until this time (the proxy's clock, seconds).
    public var refuseUntil: Double?
    /// Seconds each byte takes to cross, each way (a round trip is twice this), as on a
    /// long link; for connections opened after it is set. nil or 0: none.
    public var delay: Double?

    public struct Stall: Sendable, Equatable {
        public var afterBytes: UInt64
        public var seconds: Double

        public init(afterBytes: UInt64, seconds: Double) {
            self.afterBytes = afterBytes
            self.seconds = seconds
        }
    }

    public init(cutEvery: UInt64? = nil, stalls: [Stall] = [], bytesPerSecond: Double? = nil, refuseUntil: Double? = nil,
                delay: Double? = nil) {
        self.cutEvery = cutEvery
        self.stalls = stalls
        self.bytesPerSecond = bytesPerSecond
        self.refuseUntil = refuseUntil
        self.delay = delay
    }
}
