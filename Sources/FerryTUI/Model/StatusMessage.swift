/// A line for the status bar: a confirmation ("cap copied") or an error, kept until the
/// next key.
public struct StatusMessage: Sendable, Equatable {
    public var text: String
    public var isError: Bool

    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}
