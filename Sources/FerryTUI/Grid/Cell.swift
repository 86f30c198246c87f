/// One terminal cell: a grapheme (empty for the right half of a wide one), its role, and
/// whether it lies on the selected row (the theme gives that its own background).
public struct Cell: Equatable, Sendable {
    public var text: String
    public var role: StyleRole
    public var highlighted: Bool

    public init(_ text: String = " ", role: StyleRole = .normal, highlighted: Bool = false) {
        self.text = text
        self.role = role
        self.highlighted = highlighted
    }
}
