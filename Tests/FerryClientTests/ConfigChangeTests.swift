import FerryClient
import FerryCore
import FerryStorage
import Testing

/// What an agent following its config file makes of each change.
@Suite struct ConfigChangeTests {
    static let base = ClientConfig(convergenceSecret: ConvergenceSecret(bytes: Array(repeating: 9, count: 16)))

    @Test func anUnchangedFileChangesNothing() {
        let change = ConfigChange(from: Self.base, to: Self.base)
        #expect(change.isEmpty && !change.needsNewRunner && change.summary == "config unchanged")
    }

    /// Only limits the file changed are applied: one set from a screen meanwhile stays.
    @Test func limitsApplyOnlyWhereTheFileChangedThem() {
        var next = Self.base
        next.rateLimit = 2_000_000
        let change = ConfigChange(from: Self.base, to: next)
        #expect(change.rateLimit == 2_000_000 && change.maximumActive == nil && !change.needsNewRunner)
        #expect(change.summary == "config changed: rate limit \(HumanFormat.rate(2_000_000))")
        next.maximumActive = 1
        next.rateLimit = 0
        var back = ConfigChange(from: ClientConfig(convergenceSecret: Self.base.convergenceSecret, rateLimit: 5), to: next)
        #expect(back.summary == "config changed: 1 at once; no rate limit")
        back = ConfigChange(from: next, to: next)
        #expect(back.isEmpty)
    }

    @Test func eachKindOfChangeIsSortedAndSaid() throws {
        var next = Self.base
        next.helper = try NURL(parsing: "pb://\(String(repeating: "b", count: 43))@127.0.0.1:4567/swissnum#v=1")
        next.encoding.total = 7
        next.retry.maximumTries = 3
        next.idleTimeout = 30
        next.theme = "light"
        next.keys = ["quit": ["Q"]]
        let change = ConfigChange(from: Self.base, to: next)
        #expect(change.forNewTransfers == ["grid.helper", "encoding", "retry"] && change.needsNewRunner)
        #expect(change.atRestart == ["transfers.idle_timeout"] && change.forScreens == ["screen.theme", "keys"])
        #expect(change.summary == "config changed: grid.helper, encoding (k/happy/N 3/7/7), retry for transfers that start from now on "
                + "(an unfinished upload starts over: the file's key is made from them); "
                + "transfers.idle_timeout when the agent starts again (`ferry agent stop`); screen.theme, keys in screens opened from now on")
        var secret = Self.base
        secret.convergenceSecret = ConvergenceSecret(bytes: Array(repeating: 1, count: 16))
        secret.storage = next.helper.map { [$0] } ?? []
        #expect(ConfigChange(from: Self.base, to: secret).forNewTransfers == ["grid.storage", "client.convergence_secret"])
        #expect(ConfigChange(from: Self.base, to: secret).rekeys)
        // Happiness is not part of a file's key: unfinished uploads go on.
        var happier = Self.base
        happier.encoding.happy = 5
        let happy = ConfigChange(from: Self.base, to: happier)
        #expect(happy.forNewTransfers == ["encoding"] && !happy.rekeys)
        #expect(happy.summary == "config changed: encoding (k/happy/N 3/5/10) for transfers that start from now on", "\(happy.summary)")
    }
}
