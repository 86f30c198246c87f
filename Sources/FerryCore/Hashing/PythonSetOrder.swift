/// The iteration order CPython (3.7 and later) gives a `set` of small non-negative ints.
///
/// Tahoe-LAFS writes each share's share-hash chain in the order it iterates a Python set
/// (`HashTree.needed_hashes`). Readers do not care, but to produce the very same share
/// bytes as Tahoe we replay CPython's open-addressing table: linear probes of 9, then
/// perturbed probing, growth to 4×used slots when 3/5 full. Checked against fixtures
/// recorded from CPython.
enum PythonSetOrder {
    private static let linearProbes = 9
    private static let perturbShift = 5

    /// Order of iteration after adding `values` one by one to an empty set.
    static func iterationOrder(afterInserting values: [Int]) -> [Int] {
        var table = [Int?](repeating: nil, count: 8)
        var used = 0
        for value in values where insert(value, into: &table) {
            used += 1
            let mask = table.count - 1
            if used * 5 >= mask * 3 {
                table = resized(table, minimumUsed: used * 4)
            }
        }
        return table.compactMap { $0 }
    }

    /// Adds `value` unless present; returns whether it was added.
    private static func insert(_ value: Int, into table: inout [Int?]) -> Bool {
        let mask = table.count - 1
        var perturb = UInt(value)
        var index = value & mask
        while true {
            let probes = index + linearProbes <= mask ? linearProbes : 0
            for slot in index...(index + probes) {
                guard let existing = table[slot] else {
                    table[slot] = value
                    return true
                }
                if existing == value { return false }
            }
            perturb >>= UInt(perturbShift)
            index = (index &* 5 &+ 1 &+ Int(perturb)) & mask
        }
    }

    private static func resized(_ old: [Int?], minimumUsed: Int) -> [Int?] {
        var size = 8
        while size <= minimumUsed { size <<= 1 }
        var table = [Int?](repeating: nil, count: size)
        for case let value? in old { insertClean(value, into: &table) }
        return table
    }

    /// CPython's `set_insert_clean`: the value is known to be absent and there are no dummies.
    private static func insertClean(_ value: Int, into table: inout [Int?]) {
        let mask = table.count - 1
        var perturb = UInt(value)
        var index = value & mask
        while true {
            if table[index] == nil { table[index] = value; return }
            if index + linearProbes <= mask {
                for slot in (index + 1)...(index + linearProbes) where table[slot] == nil {
                    table[slot] = value
                    return
                }
            }
            perturb >>= UInt(perturbShift)
            index = (index &* 5 &+ 1 &+ Int(perturb)) & mask
        }
    }
}
