import ArgumentParser
import FerryHelper
import FerryStorage
import Foundation
import Hummingbird

/// `ferry helper …`: run an upload helper.
struct Helper: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run an upload helper: resumable ciphertext upload, then encode and push to storage servers.",
        subcommands: [HelperServe.self]
    )
}

/// `ferry helper serve --basedir DIR --storage NURL... [--listen HOST:PORT]`.
struct HelperServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve Ferry's helper protocol (docs/PROTOCOL.md).",
        discussion: """
            The first start creates the node in DIR (TLS key and certificate, swissnum, \
            DIR/ferry.toml) and prints its NURL, also kept in DIR/node.url. Ciphertext is \
            spooled in DIR/helper: CHK_incoming while it arrives, CHK_encoding once complete. \
            The storage servers, limits, expiry of abandoned uploads and bearer tokens are \
            set in the [helper] section of DIR/ferry.toml.
            """
    )

    @Option(name: .long, help: "Node directory.") var basedir: String
    @Option(name: .long, help: ArgumentHelp("A storage server's NURL (repeat for each server).",
                                            discussion: "Replaces ferry.toml's [helper] storage for this run; on the first start it is recorded there. FERRY_HELPER_STORAGE (NURLs separated by commas) does the same out of sight of ps, which shows a command line's swissnums to every user."))
    var storage: [String] = []
    @Option(name: .long, help: ArgumentHelp("Address to listen on, HOST:PORT (port 0 picks a free one).",
                                            discussion: "Overrides ferry.toml for this run; on the first start it is recorded there."))
    var listen: String?

    func run() async throws {
        let address = try listenAddress(listen)
        do {
            let named = storage.isEmpty ? (ProcessInfo.processInfo.environment["FERRY_HELPER_STORAGE"] ?? "").split(separator: ",").map(String.init) : storage
            let servers = try named.map { try NURL(parsing: $0.trimmingCharacters(in: .whitespaces)) }
            let node = HelperNode(basedir: basedir, listen: address, storageServers: servers.isEmpty ? nil : servers)
            let application = try node.application(now: { UInt64(Date().timeIntervalSince1970) }) { nurl in
                printNow(nurl.description)
            }
            try await NodeStop.bounded(name: "helper") { try await application.runService() }
        } catch {
            throw serveFailure(error, basedir: basedir)
        }
    }
}
