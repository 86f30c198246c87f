/// One line of a transfer's log: when (Unix seconds) and what happened.
public struct TransferLogLine: Sendable, Equatable, Codable {
    public var time: Double
    public var text: String

    public init(time: Double, text: String) {
        self.time = time
        self.text = text
    }
}
