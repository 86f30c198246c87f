/// How many of the storage servers the screen knows answer, as the header shows it, beside
/// how many an upload needs its shares placed on (`happy`): with happy = 5 of 5 servers, one
/// down held every upload back, and nothing on the screen said why (a user test).
public struct StorageHealth: Sendable, Equatable {
    public var answering: Int
    public var total: Int
    public var happy: Int

    public init(answering: Int, total: Int, happy: Int) {
        (self.answering, self.total, self.happy) = (answering, total, happy)
    }

    /// Fewer answer than an upload must place its shares on: uploads wait.
    public var uploadsWait: Bool { answering < happy }

    /// "4/5", the header's figure.
    public var figure: String { "\(answering)/\(total)" }
}
