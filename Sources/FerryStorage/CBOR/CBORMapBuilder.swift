/// Collects a decoded map's pairs in order and refuses a key seen before, in time linear
/// in the keys' total size (a hash set, not pairwise comparison, so a hostile map of many
/// keys cannot make decoding quadratic).
struct CBORMapBuilder {
    /// The pairs so far, in input order.
    private(set) var pairs: [(CBORValue, CBORValue)] = []
    private var keys = Set<CBORValue>()

    /// Room for `capacity` pairs; the caller has checked it against the input's size.
    init(capacity: Int) {
        pairs.reserveCapacity(capacity)
        keys.reserveCapacity(capacity)
    }

    /// Appends a pair whose key started at byte `keyAt`, unless the key is already present.
    mutating func add(_ key: CBORValue, _ value: CBORValue, keyAt start: Int) throws(StorageError) {
        guard keys.insert(key).inserted else { throw .badCBOR("byte \(start): duplicate map key \(key.briefDescription)") }
        pairs.append((key, value))
    }
}
