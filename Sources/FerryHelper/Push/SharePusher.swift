import ErasureCode
import FerryCore
import FerryIO
import FerryStorage

/// One pass over a complete upload's ciphertext: allocates the shares on their servers,
/// learns what each server still requires, encodes segment by segment (bounded memory)
/// and sends only the required bytes, in runs of up to ``runBytes``, to all servers at
/// once. A pass after a failure or a restart re-encodes everything (the hash trees need
/// it) but resends only what the servers lack.
struct SharePusher {
    let index: StorageIndex
    let ticket: UploadTicket
    let path: String
    let secrets: PushSecrets
    /// Bytes gathered per share before they are sent (memory: about twice this per share
    /// while a run is in flight).
    static let runBytes = 2 << 20
    /// Attempts per request before a server counts as failed.
    static let attempts = 4

    func run(_ targets: [PushTarget], report: @escaping @Sendable (PushEvent) -> Void) async throws -> CHKEncodingResult {
        let codec = try ErasureCodecs.make(k: ticket.encoding.needed, n: ticket.encoding.total, preferred: nil)
        var encoder = try CHKEncoder(fileSize: ticket.size, parameters: ticket.encoding, codec: codec)
        let header = encoder.layout.header
        var owner: [Int: PushTarget] = [:]
        var batches: [Int: ShareBatch] = [:]
        for target in targets {
            report(.planned(server: target.id, shares: target.shares, total: encoder.shareSize * UInt64(target.shares.count)))
            for (share, required) in try await prepare(target, shareSize: encoder.shareSize, header: header) {
                owner[share] = target
                batches[share] = ShareBatch(required: required)
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
            report(.encoded(segments: segment + 1, of: segments))
            let full = batches.filter { $0.value.pending >= Self.runBytes }.keys
            if !full.isEmpty { try await send(full, &batches, owner, report) }
        }
        let result = try encoder.finish()
        for share in batches.keys {
            result.tail(forShare: share).withUnsafeBytes { batches[share]!.add($0, at: result.tailOffset) }
        }
        try await send(Array(batches.keys), &batches, owner, report)
        return result
    }

    /// Allocates the target's shares; returns each one's still-required ranges (empty when
    /// the server already has it).
    private func prepare(_ target: PushTarget, shareSize: UInt64, header: [UInt8]) async throws -> [Int: ByteRangeSet] {
        do {
            let allocation = try await target.client.allocate(index, shares: target.shares, size: shareSize,
                                                               upload: secrets.upload, lease: secrets.lease(server: target.id))
            var required: [Int: ByteRangeSet] = [:]
            for share in target.shares {
                if allocation.alreadyHave.contains(share) { required[share] = ByteRangeSet(); continue }
                guard allocation.allocated.contains(share) else {
                    throw StorageError.conflict("share \(share) is being uploaded by someone else")
                }
                switch try await target.client.write(index, share: share, at: 0, [header[0]], upload: secrets.upload) {
                case .complete: required[share] = ByteRangeSet()
                case .partial(let ranges): required[share] = ByteRangeSet(ranges)
                }
            }
            return required
        } catch let error as StorageError {
            throw PushFailure(server: target.id, error: error)
        }
    }

    /// Sends the gathered runs of `shares`, all servers at once, retrying each a few times.
    private func send(_ shares: some Collection<Int>, _ batches: inout [Int: ShareBatch], _ owner: [Int: PushTarget],
                      _ report: @escaping @Sendable (PushEvent) -> Void) async throws {
        var work: [(PushTarget, Int, UInt64, [UInt8])] = []
        for share in shares { for (offset, bytes) in batches[share]!.take() { work.append((owner[share]!, share, offset, bytes)) } }
        let (index, upload) = (index, secrets.upload)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (target, share, offset, bytes) in work {
                group.addTask {
                    var attempt = 0
                    while true {
                        do throws(StorageError) {
                            _ = try await target.client.write(index, share: share, at: offset, bytes, upload: upload)
                            report(.sent(server: target.id, bytes: UInt64(bytes.count)))
                            return
                        } catch {
                            attempt += 1
                            guard error.isRetryable, attempt < Self.attempts else { throw PushFailure(server: target.id, error: error) }
                            try await Task.sleep(for: .milliseconds(250 << attempt))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
