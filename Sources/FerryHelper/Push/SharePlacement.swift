/// Where shares go, by Tahoe-LAFS's servers-of-happiness measure: the happiness of a
/// placement is the size of a maximum matching between servers and the shares they hold
/// (each server counted once, each share once). Pure; servers are named by ids.
public enum SharePlacement {
    /// Plans an upload of shares `0..<total` to `servers` (in preference order), given the
    /// shares servers already hold. Shares already held and matched stay where they are;
    /// every other share goes to a server that holds nothing matched yet, in order, then
    /// round-robin over all servers once each has one. Returns share → server for the shares
    /// to upload, and the happiness of the whole result.
    ///
    /// `started`: shares an earlier pass began sending to servers that still answer. They
    /// stay with those servers, which go on from what they kept, where a fresh plan over
    /// the servers left moved shares between healthy servers (one server frozen mid-push
    /// made the others start other shares from zero and leave the begun ones behind).
    ///
    /// `closed`: servers that refused shares for lack of room. They keep what they hold and
    /// what they accepted, and are given nothing new.
    public static func plan(total: Int, servers: [String], existing: [String: Set<Int>],
                            started: [String: Set<Int>], closed: Set<String> = []) -> (uploads: [Int: String], happiness: Int) {
        var held = existing
        let kept = started.filter { servers.contains($0.key) }
        for (server, shares) in kept { held[server, default: []].formUnion(shares) }
        var (uploads, _) = plan(total: total, servers: servers, existing: held, closed: closed)
        for (server, shares) in kept {
            for share in shares.sorted() where uploads[share] == nil && !(existing[server]?.contains(share) ?? false) { uploads[share] = server }
        }
        return (uploads, happiness(after: uploads, existing: existing, servers: servers))
    }

    public static func plan(total: Int, servers: [String], existing: [String: Set<Int>],
                            closed: Set<String> = []) -> (uploads: [Int: String], happiness: Int) {
        let matched = maximumMatching(existing.filter { servers.contains($0.key) })
        var holder = matched  // share → server, one share per server
        let busy = Set(matched.values)
        var free = servers.filter { !busy.contains($0) && !closed.contains($0) }
        let open = servers.filter { !closed.contains($0) }
        var uploads: [Int: String] = [:]
        var roundRobin = 0
        for share in 0..<total where holder[share] == nil {
            let already = existing.filter { $0.value.contains(share) }.keys
            if !free.isEmpty {
                let server = free.removeFirst()
                uploads[share] = server
                holder[share] = server
            } else if already.isEmpty, !open.isEmpty {
                uploads[share] = open[roundRobin % open.count]
                roundRobin += 1
            }
        }
        return (uploads, happiness(after: uploads, existing: existing, servers: servers))
    }

    /// The happiness once `uploads` are placed beside what `servers` already hold.
    private static func happiness(after uploads: [Int: String], existing: [String: Set<Int>], servers: [String]) -> Int {
        var final = existing.filter { servers.contains($0.key) }
        for (share, server) in uploads { final[server, default: []].insert(share) }
        return happiness(final)
    }

    /// A placement turned around: share → the servers holding it.
    public static func byShare(_ placement: [String: Set<Int>]) -> [Int: Set<String>] {
        var holders: [Int: Set<String>] = [:]
        for (server, shares) in placement { for share in shares { holders[share, default: []].insert(server) } }
        return holders
    }

    /// The happiness of a placement (server → shares it holds).
    public static func happiness(_ placement: [String: Set<Int>]) -> Int {
        maximumMatching(placement).count
    }

    /// A maximum matching, share → server (Kuhn's augmenting paths; small inputs).
    static func maximumMatching(_ placement: [String: Set<Int>]) -> [Int: String] {
        var owner: [Int: String] = [:]
        func augment(_ server: String, _ seen: inout Set<Int>) -> Bool {
            for share in (placement[server] ?? []).sorted() where !seen.contains(share) {
                seen.insert(share)
                if let current = owner[share] {
                    guard augment(current, &seen) else { continue }
                }
                owner[share] = server
                return true
            }
            return false
        }
        for server in placement.keys.sorted() {
            var seen = Set<Int>()
            _ = augment(server, &seen)
        }
        return owner
    }
}
