/// A line for the status bar: a confirmation ("cap copied") or an error, kept until the
/// next key (or, for one about not being attached, until the screen attaches).
public struct StatusMessage: Sendable, Equatable {
    public var text: String
    public var isError: Bool
    /// Said because the screen was not attached: untrue once it is.
    public var endsOnAttach: Bool
    /// Seconds a notice (not an error) stays: "sorted by added" hid the key hints for a
    /// minute, until the next key. Errors stay until a key.
    public static let noticeSeconds = 10.0

    public init(_ text: String, isError: Bool = false, endsOnAttach: Bool = false) {
        self.text = text
        self.isError = isError
        self.endsOnAttach = endsOnAttach
    }
}
