import ArgumentParser
import AsyncHTTPClient
import FerryCore
import FerryStorage
import Foundation
import Hummingbird

/// `ferry storage …`: run a storage server, or talk to one by hand.
struct Storage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a Tahoe-LAFS-compatible storage server, or query one.",
        subcommands: [StorageServe.self, StorageVersion.self, StorageList.self]
    )
}

/// `ferry storage serve --basedir DIR [--listen HOST:PORT]`.
struct StorageServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve shares over Tahoe-LAFS's HTTP storage protocol.",
        discussion: """
            The first start creates the node in DIR: TLS key and certificate, swissnum, and \
            DIR/ferry.toml with its settings (address, reserved space, maximum share size), \
            recording the port it bound. Later starts reuse them, so the printed NURL (also in \
            DIR/node.url) stays the same. Shares live in DIR/storage.
            """
    )

    @Option(name: .long, help: "Node directory.") var basedir: String
    @Option(name: .long, help: ArgumentHelp("Address to listen on, HOST:PORT (port 0 picks a free one).",
                                            discussion: "Overrides ferry.toml for this run; on the first start it is recorded there."))
    var listen: String?

    func run() async throws {
        let address = try listenAddress(listen)
        let node = StorageNode(basedir: basedir, listen: address)
        do {
            let application = try node.application(now: { UInt64(Date().timeIntervalSince1970) }) { nurl in
                printNow(nurl.description)
            }
            try await NodeStop.bounded(name: "storage") { try await application.runService() }
        } catch {
            throw serveFailure(error, basedir: basedir)
        }
    }
}

/// `ferry storage version NURL`.
struct StorageVersion: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Show a storage server's version message.")

    @Argument(help: "The server's NURL.") var nurl: String

    func run() async throws {
        let version = try await withStorageClient(nurl) { client in
            do throws(StorageError) { return try await client.version() } catch .notFound {
                // A helper's NURL, say: it serves uploads only, and said nothing more than 404.
                throw StorageError.notFound("/storage/v1/version: this NURL is not a storage server's (a helper's?)")
            }
        }
        // Byte counts first (scripts cut them out), then the same for people.
        let size = { (count: UInt64) in count == .max ? "\(count) (unknown)" : "\(count) (\(HumanFormat.bytes(count)))" }
        print("application-version: \(String(decoding: version.applicationVersion, as: UTF8.self))")
        print("available-space: \(size(version.availableSpace))")
        print("maximum-immutable-share-size: \(size(version.maximumImmutableShareSize))")
        print("maximum-mutable-share-size: \(size(version.maximumMutableShareSize))")
    }
}

/// `ferry storage ls NURL SI|CAP`.
struct StorageList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List the shares a server holds for a storage index.",
        discussion: """
            Prints the share numbers on one line, or with --long one share a line with its \
            size in bytes; nothing (and a note on standard error, on a terminal) when the server \
            holds none. Shares still being uploaded are not listed.
            """)

    @Argument(help: "The server's NURL.") var nurl: String
    @Argument(help: "A storage index (26 base32 characters), or a CHK read or verify cap.") var storageIndex: String
    @Flag(name: [.short, .long], help: "One share a line, with its size in bytes.") var long = false

    func run() async throws {
        let index: StorageIndex
        do { index = try Self.index(storageIndex) } catch { throw fail(error) }
        let long = long
        let shares = try await withStorageClient(nurl) { client in
            var found: [LongListing] = []
            for share in try await client.shares(of: index).sorted() {
                found.append(LongListing(number: share, size: long ? try await client.length(index, share: share) : nil))
            }
            return found
        }
        if shares.isEmpty {
            if isatty(1) != 0 { printError("no shares of \(index.base32) on this server") }
        } else if long {
            for share in shares { print("\(share.number) \(share.size ?? 0)") }
        } else {
            print(shares.map { String($0.number) }.joined(separator: " "))
        }
    }

    /// One share of the listing.
    struct LongListing: Sendable {
        let number: Int
        let size: UInt64?
    }

    /// The storage index named by `text`: itself, or a CHK cap's. A literal cap is stored
    /// nowhere; anything else is not taken for an index.
    static func index(_ text: String) throws -> StorageIndex {
        guard text.hasPrefix("URI:") else {
            do { return try StorageIndex(base32: text) } catch {
                throw CoreError.badBase32("\(text.prefix(40)) (a storage index is 26 base32 characters; a cap starts with URI:)")
            }
        }
        switch try Cap(parsing: text) {
        case .chk(let cap): return cap.storageIndex
        case .verify(let cap): return cap.storageIndex
        case .literal: throw CoreError.badCap(field: "cap", reason: "a URI:LIT: cap holds its file itself: no server stores it")
        }
    }
}

/// Runs `body` with a client for the NURL text `nurl`.
/// Failures are printed with their code and turned into an exit status.
/// A NURL that does not parse is a bad argument (exit 64), not a server's answer: it said
/// `storage.bad_request: bad request: …`, as if the server had refused something.
func withStorageClient<T: Sendable>(_ nurl: String, _ body: (StorageClient) async throws -> T) async throws -> T {
    let parsed: NURL
    do { parsed = try NURL(parsing: nurl) } catch .badRequest(let why) {
        throw ValidationError("\(nurl.prefix(60)): not a NURL (\(why))")
    } catch { throw fail(error) }
    do { return try await StorageClient.with(parsed, body) } catch { throw fail(error) }
}
