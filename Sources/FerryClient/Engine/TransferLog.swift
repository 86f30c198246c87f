/// A transfer's log as the agent keeps it, oldest line first (the `logs` of a watch's reply).
public struct TransferLog: Sendable, Equatable, Codable {
    public var id: Int64
    public var lines: [TransferLogLine]

    public init(id: Int64, lines: [TransferLogLine]) {
        self.id = id
        self.lines = lines
    }
}
