/// One ranged read of a share from one of its holders (`position` in the server list).
struct ReadRequest: Sendable {
    let share: Int
    let position: Int
    let range: Range<UInt64>
}
