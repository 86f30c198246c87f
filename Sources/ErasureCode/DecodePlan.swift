/// How a codec rebuilds missing primary blocks from one particular list of shares.
struct DecodePlan: Sendable {
    /// Primary ids to rebuild, ascending.
    let missing: [Int]
    /// `missing.count` rows in the kernel's prepared form, columns in the order shares were given.
    let rows: [UInt8]
}
