@testable import FerryHelper
import Testing

@Suite struct SharePlacementTests {
    static let ten = (0..<10).map { "s\($0)" }

    @Test func freshUploadSpreadsOneSharePerServer() {
        let (uploads, happiness) = SharePlacement.plan(total: 10, servers: Self.ten, existing: [:])
        #expect(uploads.count == 10 && Set(uploads.values).count == 10 && happiness == 10)
    }

    @Test func fewerServersThanSharesDoublesUpButHappinessCountsServers() {
        let servers = Array(Self.ten.prefix(4))
        let (uploads, happiness) = SharePlacement.plan(total: 10, servers: servers, existing: [:])
        #expect(uploads.count == 10, "every share is placed")
        #expect(happiness == 4)
        let perServer = Dictionary(grouping: uploads.values, by: { $0 }).mapValues(\.count)
        #expect(perServer.values.max()! - perServer.values.min()! <= 1, "spread evenly: \(perServer)")
    }

    @Test func sharesAlreadyHeldStayAndOnlyTheRestAreSent() {
        let existing: [String: Set<Int>] = ["s0": [0], "s1": [1], "s2": [2, 3]]
        let (uploads, happiness) = SharePlacement.plan(total: 10, servers: Self.ten, existing: existing)
        #expect(Set(uploads.keys) == Set(3..<10) || Set(uploads.keys) == Set([2] + Array(4..<10)), "\(uploads)")
        #expect(!uploads.values.contains("s0") && !uploads.values.contains("s1"))
        #expect(happiness == 10)
    }

    @Test func happinessIsAMaximumMatchingNotAShareCount() {
        #expect(SharePlacement.happiness(["a": [0, 1, 2], "b": [0], "c": [0]]) == 2)
        #expect(SharePlacement.happiness(["a": [0, 1], "b": [0], "c": [1]]) == 2)
        #expect(SharePlacement.happiness(["a": [0, 1], "b": [1, 2], "c": [2, 0]]) == 3)
        #expect(SharePlacement.happiness([:]) == 0)
        // Augmenting paths matter: greedy in order would match a–0 and leave b stuck.
        #expect(SharePlacement.happiness(["a": [0, 1], "b": [0]]) == 2)
    }

    /// One of five servers drops out mid-push: the four others keep the shares they began
    /// (they go on from what they kept) and only the lost server's share moves. A fresh plan
    /// over the four moved shares between healthy servers.
    @Test func sharesBegunStayWithTheServersThatStillAnswer() {
        let five = Array(Self.ten.prefix(5))
        let (first, _) = SharePlacement.plan(total: 5, servers: five, existing: [:])
        var started: [String: Set<Int>] = [:]
        for (share, server) in first { started[server, default: []].insert(share) }
        let lost = first[0]!
        let left = five.filter { $0 != lost }
        let (again, happiness) = SharePlacement.plan(total: 5, servers: left, existing: [:], started: started)
        for (share, server) in first where server != lost { #expect(again[share] == server, "share \(share) moved: \(again)") }
        #expect(again[0] != nil && again[0] != lost && again.count == 5, "\(again)")
        #expect(happiness == 4)
        // The fresh plan would have moved some: the case this guards against.
        let (fresh, _) = SharePlacement.plan(total: 5, servers: left, existing: [:])
        #expect(first.contains { $0.value != lost && fresh[$0.key] != $0.value }, "\(first) \(fresh)")
        // A share begun on a server that now holds it whole is not sent again.
        let (done, _) = SharePlacement.plan(total: 5, servers: left, existing: [first[1]!: [1]], started: started)
        #expect(done[1] == nil, "\(done)")
    }

    @Test func noServersNoUploads() {
        let (uploads, happiness) = SharePlacement.plan(total: 10, servers: [], existing: [:])
        #expect(uploads.isEmpty && happiness == 0)
    }
}

extension SharePlacementTests {
    /// A server that refused shares for lack of room gets nothing new; what it accepted
    /// stays with it.
    @Test func aClosedServerKeepsWhatItAcceptedAndGetsNothingNew() {
        let (uploads, happiness) = SharePlacement.plan(total: 6, servers: ["a", "b", "c"], existing: [:],
                                                       started: ["a": [0]], closed: ["a"])
        #expect(uploads.count == 6 && happiness == 3)
        #expect(uploads.filter { $0.value == "a" }.map(\.key) == [0])
        let alone = SharePlacement.plan(total: 3, servers: ["a"], existing: [:], started: [:], closed: ["a"])
        #expect(alone.uploads.isEmpty && alone.happiness == 0)
    }
}
