/// One thing that happened to a transfer, for the details pane: when (seconds since 1970)
/// and what.
public struct LogLine: Sendable, Equatable {
    public var time: Double
    public var text: String

    public init(time: Double, text: String) {
        self.time = time
        self.text = text
    }
}
