/// Splits bytes arriving on a connection into lines, whatever the pieces they come in;
/// a line longer than the limit is an error (the connection is then refused, not read on).
public struct FrameReader: Sendable {
    private var buffer: [UInt8] = []
    private var scanned = 0
    public let limit: Int

    public init(limit: Int = AgentProtocol.maximumMessage) {
        self.limit = limit
    }

    /// Adds `bytes`; returns the complete lines now in hand, in order.
    public mutating func take(_ bytes: some Sequence<UInt8>) throws(AgentError) -> [[UInt8]] {
        buffer.append(contentsOf: bytes)
        var lines: [[UInt8]] = []
        var start = 0
        var index = start + scanned
        while index < buffer.count {
            if buffer[index] == 0x0A {
                lines.append(Array(buffer[start..<index]))
                start = index + 1
            }
            index += 1
        }
        buffer.removeFirst(start)
        scanned = buffer.count
        guard buffer.count <= limit else { throw .tooLong }
        return lines
    }

    /// Bytes of a line not yet ended.
    public var pending: Int { buffer.count }
}
