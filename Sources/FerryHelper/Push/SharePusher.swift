import ErasureCode
import FerryCore
import FerryHelperProtocol
import FerryIO
import FerryStorage

/// One pass over a complete upload's ciphertext: allocates the shares on their servers,
/// learns what each server still requires, then encodes segment by segment (bounded
/// memory) while one streaming PATCH per required range and share carries the bytes: the
/// encoder hands each share's piece to its stream and waits only until that stream has
/// taken the previous one. A pass after a failure or a restart re-encodes everything (the
/// hash trees need it) but sends only what the servers lack.
struct SharePusher {
    let index: StorageIndex
    let ticket: UploadTicket
    let path: String
    let secrets: PushSecrets
    /// The ciphertext's hashes, when the helper hashed it on arrival.
    var crypttext: CrypttextHashes? = nil

    func run(_ targets: [PushTarget], report: @escaping @Sendable (PushEvent) async -> Void) async throws -> CHKEncodingResult {
        let codec = try ErasureCodecs.make(k: ticket.encoding.needed, n: ticket.encoding.total, preferred: nil)
        var encoder = try CHKEncoder(fileSize: ticket.size, parameters: ticket.encoding, codec: codec, crypttext: crypttext)
        let header = encoder.layout.header
        var batches: [Int: ShareBatch] = [:]
        var streams = ShareStreams()
        defer { streams.cancelAll() }
        for target in targets {
            let prepared = target.shares.isEmpty ? [:] : try await prepare(target, shareSize: encoder.shareSize, header: header)
            let total = encoder.shareSize * UInt64(target.shares.count + target.held.count)
            await report(.planned(server: target.id, shares: target.shares.union(target.held), total: total,
                                  held: total - prepared.values.reduce(0) { $0 + $1.count }))
            for (share, required) in prepared {
                batches[share] = ShareBatch(required: required)
                streams.open(share: share, ranges: required.ranges, target: target, pusher: self, report: report)
            }
        }
        header.withUnsafeBytes { bytes in for share in batches.keys { batches[share]!.add(bytes, at: 0) } }
        let input = try PosixFile.openForReading(path)
        var buffer = [UInt8](repeating: 0, count: encoder.geometry.segmentSize)
        let segments = encoder.geometry.segmentCount
        for segment in 0..<segments {
            let offset = encoder.geometry.segmentOffset(segment)
            let length = encoder.geometry.segmentLength(segment)
            try buffer.withUnsafeMutableBytes { raw in
                let area = UnsafeMutableRawBufferPointer(rebasing: raw[0..<length])
                guard try input.read(into: area, at: offset) == length else {
                    throw HelperError.io("the spooled ciphertext is shorter than \(ticket.size) bytes")
                }
                try encoder.encodeSegment(UnsafeRawBufferPointer(area)) { share, at, block in batches[share]?.add(block, at: at) }
            }
            await report(.encoded(segments: segment + 1, of: segments))
            for share in batches.keys.sorted() { await streams.feed(share, batches[share]!.take(), report: report) }
        }
        let result = try encoder.finish()
        for share in batches.keys.sorted() {
            result.tail(forShare: share).withUnsafeBytes { batches[share]!.add($0, at: result.tailOffset) }
            await streams.feed(share, batches[share]!.take(), report: report)
        }
        try await streams.finish()
        return result
    }

    /// Allocates the target's shares; returns each one's still-required ranges (empty when
    /// the server already has it).
    private func prepare(_ target: PushTarget, shareSize: UInt64, header: [UInt8]) async throws -> [Int: ByteRangeSet] {
        do {
            let allocation = try await target.client.allocate(index, shares: target.shares, size: shareSize,
                                                               upload: secrets.upload, lease: secrets.lease(server: target.id))
            var required: [Int: ByteRangeSet] = [:]
            var refused = Set<Int>()
            for share in target.shares {
                if allocation.alreadyHave.contains(share) { required[share] = ByteRangeSet(); continue }
                // Rewriting the first byte says what is still required. Tahoe 1.20 lists a share
                // being uploaded in neither set, even to its own uploader: a helper restarted
                // mid-push took its own half-written shares for a stranger's, placed them again
                // elsewhere and ran out of servers. The write, with this upload's secret, tells:
                // accepted, the share is ours to finish.
                let outcome: WriteOutcome
                do {
                    outcome = try await target.client.write(index, share: share, at: 0, [header[0]], upload: secrets.upload)
                } catch {
                    if allocation.allocated.contains(share) { throw error }
                    // No upload of it there at all: the server left it out, as a server with
                    // room for only some shares does (Tahoe's and Ferry's).
                    if case .notFound = error { refused.insert(share); continue }
                    throw StorageError.conflict("share \(share) is being uploaded by someone else")
                }
                switch outcome {
                case .complete: required[share] = ByteRangeSet()
                case .partial(let ranges): required[share] = ByteRangeSet(ranges)
                }
            }
            if !refused.isEmpty { throw SharesRefused(server: target.id, shares: refused) }
            return required
        } catch let error as StorageError {
            switch error {
            case .insufficientStorage, .tooLarge: throw SharesRefused(server: target.id, shares: target.shares)
            default: throw PushFailure(server: target.id, error: error)
            }
        }
    }
}
