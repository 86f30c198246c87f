/// How many storage servers a helper pushes to, and how many of them answer: its servers
/// resource, which a client's screen shows when the grid it uploads to is the helper's alone.
public struct ServerCount: Sendable, Equatable {
    public var total: Int
    public var answering: Int

    public init(total: Int, answering: Int) {
        (self.total, self.answering) = (total, answering)
    }
}
