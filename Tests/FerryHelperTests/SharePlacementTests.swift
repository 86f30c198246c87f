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

    @Test func noServersNoUploads() {
        let (uploads, happiness) = SharePlacement.plan(total: 10, servers: [], existing: [:])
        #expect(uploads.isEmpty && happiness == 0)
    }
}
