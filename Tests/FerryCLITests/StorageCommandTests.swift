import FerryCore
import FerryStorage
import Foundation
import Testing

/// `ferry storage ls` and `ferry storage version`, by hand against a Ferry server.
@Suite(.serialized) struct StorageCommandTests {
    @Test func listAndVersionShowWhatTheServerHas() async throws {
        let scratch = try Scratch()
        let server = try await NodeProcess(basedir: scratch.path("node"))
        let index = try StorageIndex(bytes: Array(80..<96))
        let upload = try UploadSecret(Array(repeating: 8, count: 32))
        let lease = try LeaseSecrets(renew: Array(repeating: 1, count: 32), cancel: Array(repeating: 2, count: 32))
        let nurl = server.nurl.description
        let empty = try await FerryProcess.run(["storage", "ls", nurl, index.base32])
        #expect(empty.status == 0 && empty.stdout == "", "no shares, no line (it printed an empty one): \(empty)")
        try await StorageClient.with(server.nurl) { client in
            _ = try await client.allocate(index, shares: [4, 0, 7], size: 10, upload: upload, lease: lease)
            for share in [4, 0] { _ = try await client.write(index, share: share, at: 0, Array(repeating: 1, count: 10), upload: upload) }
            _ = try await client.allocate(index, shares: [9], size: 1, upload: upload, lease: lease)
            _ = try await client.write(index, share: 9, at: 0, [7], upload: upload)
        }
        let listed = try await FerryProcess.run(["storage", "ls", nurl, index.base32])
        #expect(listed.status == 0 && listed.stdout == "0 4 9\n", "complete shares only, in order: \(listed)")
        let long = try await FerryProcess.run(["storage", "ls", "--long", nurl, index.base32])
        #expect(long.status == 0 && long.stdout == "0 10\n4 10\n9 1\n", "with sizes: \(long)")
        // A cap names its storage index (a whole cap was refused as bad base32).
        let cap = CHKVerifyCap(storageIndex: index, uriExtensionHash: Array(repeating: 3, count: 32), needed: 1, total: 8, size: 10)
        let byCap = try await FerryProcess.run(["storage", "ls", nurl, cap.description])
        #expect(byCap.status == 0 && byCap.stdout == "0 4 9\n", "\(byCap)")
        let version = try await FerryProcess.run(["storage", "version", nurl])
        #expect(version.status == 0, "\(version)")
        #expect(version.stdout.contains("application-version: ferry/") && version.stdout.contains("maximum-immutable-share-size: ")
                && version.stdout.contains("maximum-mutable-share-size: 0 (0 B)"), "byte counts, then the same for people: \(version)")
    }

    @Test func badArgumentsAndDeadServersGetCodesAndStatuses() async throws {
        let scratch = try Scratch()
        let server = try await NodeProcess(basedir: scratch.path("node"))
        let nurl = server.nurl
        await server.killHard()
        let dead = try await FerryProcess.run(["storage", "version", nurl.description])
        #expect(dead.status == 69 && dead.stderr.contains("storage.transport: connection failed: connection refused"), "unreachable is retryable: \(dead)")
        // A name that does not resolve (RFC 2606's .invalid) is said as such, not "could not connect".
        let nowhere = NURL(spkiHash: nurl.spkiHash, host: "nosuchhost.invalid", port: nurl.port, swissnum: nurl.swissnum)
        let unresolved = try await FerryProcess.run(["storage", "version", nowhere.description])
        #expect(unresolved.status == 69 && unresolved.stderr.contains("could not resolve the host name nosuchhost.invalid"), "\(unresolved)")
        // A refused connection fails its request at once, however long the connect timeout
        // (AsyncHTTPClient retried it until then: a killed server stalled a download that long).
        let started = ContinuousClock.now
        await #expect(throws: StorageError.self) {
            try await StorageClient.with(nurl, idleTimeout: .seconds(600)) { try await $0.version() }
        }
        #expect(ContinuousClock.now - started < .seconds(300), "the connection was retried until the timeout")
        let badIndex = try await FerryProcess.run(["storage", "ls", nurl.description, "not-a-storage-index"])
        #expect(badIndex.status == 65 && badIndex.stderr.contains("core.bad_base32") && badIndex.stderr.contains("a storage index is 26 base32"), "\(badIndex)")
        let literal = try await FerryProcess.run(["storage", "ls", nurl.description, "URI:LIT:nbswy3dp"])
        #expect(literal.status == 65 && literal.stderr.contains("no server stores it"), "\(literal)")
        // A helper's NURL answers 404 to a storage request: said as such (it said "not found: ").
        let (_, helper) = try await HelperPushTests.startGrid(scratch, servers: 1)
        let notStorage = try await FerryProcess.run(["storage", "version", helper.nurl.description])
        #expect(notStorage.status == 65 && notStorage.stderr.contains("not a storage server's"), "\(notStorage)")
        let badNURL = try await FerryProcess.run(["storage", "version", "https://example.org/"])
        #expect(badNURL.status == 64 && badNURL.stderr.contains("not a NURL (NURL must start with pb://)")
                && !badNURL.stderr.contains("bad request"), "a bad argument, not a server's refusal: \(badNURL)")
    }
}
