/// One ranged read of a share from one of its holders (`position` in the server list).
struct ReadRequest: Sendable {
    let share: Int
    let position: Int
    let range: Range<UInt64>
    /// The ranges wanted inside `range` when it joins several (``NearbyRanges``): each is
    /// filed on its own once read, and the bytes between them dropped. Empty: all of it.
    var parts: [Range<UInt64>] = []
}
