/// Splits a global rate between the transfers using it, evenly, except that one limited
/// below its even part by a limit of its own gets that limit and leaves the rest to the
/// others (max-min fairness). Split plainly evenly, a capped transfer's unused part was lost:
/// a 2M-capped download beside an unlimited one under a 10M limit left 3M unused. Pure.
enum FairShare {
    /// Each of `ids`' part of `total` bytes per second; `caps` holds the transfers' own limits.
    static func split(_ total: Double, among ids: [Int64], caps: [Int64: Double]) -> [Int64: Double] {
        var parts: [Int64: Double] = [:]
        var open = Set(ids)
        var remaining = total
        while !open.isEmpty {
            let even = remaining / Double(open.count)
            let under = open.filter { caps[$0].map { $0 < even } ?? false }
            guard !under.isEmpty else { break }
            for id in under {
                parts[id] = caps[id]!
                remaining -= caps[id]!
                open.remove(id)
            }
        }
        for id in open { parts[id] = remaining / Double(open.count) }
        return parts
    }
}
