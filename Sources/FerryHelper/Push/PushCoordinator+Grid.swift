import FerryCore
import FerryHelperProtocol
import FerryStorage

extension PushCoordinator {
    /// How long an ask waits for storage servers to say what they hold: well inside a
    /// client's idle timeout (10 s by default).
    static let inGridWait = Duration.seconds(4)

    /// Whether the file is already in the grid: the servers hold shares of `index` placed
    /// with at least `happy` happiness, and one of them serves a URI extension block that
    /// agrees with the ticket. Then the client need send nothing (Tahoe #218's first answer).
    ///
    /// A client waits for this answer: servers that have not answered within
    /// ``inGridWait`` count as holding nothing, and the push looks again later. A frozen
    /// server held the answer for the helper's whole idle timeout, 10 s, and the client,
    /// waiting as long, gave up first and blamed the helper (a user test).
    public func inGrid(_ index: StorageIndex, _ ticket: UploadTicket) async -> UploadResult? {
        var excluded = Set<String>()
        let (clients, existing) = await survey(index, excluding: &excluded, within: Self.inGridWait)
        let happiness = SharePlacement.happiness(existing)
        guard happiness >= ticket.encoding.happy else { return nil }
        for (server, shares) in existing.sorted(by: { $0.key < $1.key }) {
            for share in shares.sorted() {
                guard let client = clients[server],
                      let block = try? await Self.uriExtension(of: share, index, from: client, ticket: ticket) else { continue }
                return UploadResult(uriExtension: block, uriExtensionHash: Hashes.uriExtension(block),
                                    placement: SharePlacement.byShare(existing), happiness: happiness)
            }
        }
        return nil
    }

    /// Reads a share's URI extension block (offset table, then the length-prefixed block)
    /// and checks it describes the file the ticket names.
    static func uriExtension(of share: Int, _ index: StorageIndex, from client: StorageClient, ticket: UploadTicket) async throws -> [UInt8] {
        let layout = try ShareLayout(parsing: try await client.read(index, share: share, range: 0..<0x44), shareNumber: share)
        let start = layout.uriExtensionOffset
        let length = BigEndian.read(try await client.read(index, share: share, range: start..<start + UInt64(layout.lengthFieldSize)),
                                    at: 0, width: layout.lengthFieldSize)
        guard length <= 64 * 1024 else { throw CoreError.badShare(shareNumber: share, reason: "UEB length \(length) is absurd") }
        let from = start + UInt64(layout.lengthFieldSize)
        let block = try await client.read(index, share: share, range: from..<from + length)
        let parsed = try URIExtension(parsing: block)
        guard parsed.size == ticket.size, parsed.neededShares == ticket.encoding.needed, parsed.totalShares == ticket.encoding.total else {
            throw CoreError.badURIExtension("the stored UEB describes another encoding of this storage index")
        }
        return block
    }
}
