/// One ranged read of a share from one of its holders (`position` in the server list).
struct ReadRequest: Sendable {
    let share: Int
    let position: Int
    let range: Range<UInt64>
    /// For a read of blocks: where the share's blocks end (later windows' reads will follow
    /// on, so it goes through the share's open stream). Nil for other reads.
    var blocksEnd: UInt64? = nil
}
