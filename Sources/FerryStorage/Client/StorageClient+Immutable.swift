import FerryCore
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension StorageClient {
    /// `GET /storage/v1/version`.
    public func version() async throws(StorageError) -> Messages.Version {
        let (status, _, body) = try await send(.GET, "/storage/v1/version")
        guard status == 200 else { throw Self.failure(status, body) }
        return try Messages.Version(cbor: try CBORWire.decode(body))
    }

    /// Allocates (or finds again) shares of `index`.
    public func allocate(_ index: StorageIndex, shares: Set<Int>, size: UInt64,
                         upload: UploadSecret, lease: LeaseSecrets) async throws(StorageError) -> Allocation {
        let (status, _, body) = try await send(.POST, "/storage/v1/immutable/\(index.base32)",
                                               secrets: [(.leaseRenew, lease.renew), (.leaseCancel, lease.cancel), (.upload, upload.bytes)],
                                               body: CBORWire.encode(Messages.allocateRequest(shares: shares, size: size)))
        guard status == 200 else { throw Self.failure(status, body) }
        return try Messages.parseAllocation(try CBORWire.decode(body))
    }

    /// Writes `data` at `offset` of a share; returns what is still required.
    public func write(_ index: StorageIndex, share: Int, at offset: UInt64, _ data: [UInt8],
                      upload: UploadSecret) async throws(StorageError) -> WriteOutcome {
        guard !data.isEmpty else { throw .badRequest("empty write") }
        let range = "bytes \(offset)-\(offset + UInt64(data.count) - 1)/*"
        let (status, _, body) = try await send(.PATCH, "/storage/v1/immutable/\(index.base32)/\(share)", secrets: [(.upload, upload.bytes)],
                                               headers: [("Content-Range", range)], body: data, contentType: "application/octet-stream")
        return try Self.writeOutcome(status, body)
    }

    /// Writes `range` of a share from a stream that yields exactly `range.count` bytes: one
    /// request however long the range, so the server commits in its own large steps instead
    /// of once per piece. Memory stays at what the stream holds.
    public func write<Body: AsyncSequence & Sendable>(_ index: StorageIndex, share: Int, range: Range<UInt64>, streaming body: Body,
                                                      upload: UploadSecret) async throws(StorageError) -> WriteOutcome
        where Body.Element == ByteBuffer {
        guard !range.isEmpty else { throw .badRequest("empty write") }
        let watch = BodyWatch()
        let (status, _, answer) = try await send(.PATCH, "/storage/v1/immutable/\(index.base32)/\(share)", secrets: [(.upload, upload.bytes)],
                                                 headers: [("Content-Range", "bytes \(range.lowerBound)-\(range.upperBound - 1)/*")],
                                                 stream: .stream(WatchedBody(body, watch: watch), length: .known(Int64(range.count))), watch: watch,
                                                 contentType: "application/octet-stream")
        return try Self.writeOutcome(status, answer)
    }

    private static func writeOutcome(_ status: Int, _ body: [UInt8]) throws(StorageError) -> WriteOutcome {
        switch status {
        case 201: return .complete
        case 200: return .partial(required: try Messages.parseRequired(try CBORWire.decode(body)))
        default: throw failure(status, body)
        }
    }

    /// Abandons an incoming share.
    public func abort(_ index: StorageIndex, share: Int, upload: UploadSecret) async throws(StorageError) {
        let (status, _, body) = try await send(.PUT, "/storage/v1/immutable/\(index.base32)/\(share)/abort", secrets: [(.upload, upload.bytes)])
        guard status == 200 else { throw Self.failure(status, body) }
    }

    /// Share numbers the server holds for `index`.
    public func shares(of index: StorageIndex) async throws(StorageError) -> Set<Int> {
        let (status, _, body) = try await send(.GET, "/storage/v1/immutable/\(index.base32)/shares")
        guard status == 200 else { throw Self.failure(status, body) }
        return try Messages.shareSet(try CBORWire.decode(body), name: "shares")
    }

    /// A complete share's length. The protocol has no call for it: a one-byte read's
    /// `Content-Range` gives it where the server sends the total (Ferry's do); Tahoe's send
    /// `*`, so the length is searched for with one-byte reads (a read past the end is empty),
    /// about 2·log₂(length) of them.
    public func length(_ index: StorageIndex, share: Int) async throws(StorageError) -> UInt64 {
        let (status, headers, body) = try await send(.GET, "/storage/v1/immutable/\(index.base32)/\(share)", headers: [("Range", "bytes=0-0")])
        switch status {
        case 206:
            if let total = headers.first(name: "Content-Range")?.split(separator: "/").last.flatMap({ UInt64($0) }) { return total }
        case 200: return UInt64(body.count)
        case 204: return 0
        default: throw Self.failure(status, body)
        }
        func hasByte(_ offset: UInt64) async throws(StorageError) -> Bool {
            !(try await read(index, share: share, range: offset..<offset + 1)).isEmpty
        }
        // The length is at least `known` and under `beyond`.
        var known: UInt64 = 1, beyond: UInt64 = 2
        while try await hasByte(beyond - 1) {
            known = beyond
            beyond *= 2
        }
        while beyond - known > 1 {
            let middle = known + (beyond - known) / 2
            if try await hasByte(middle - 1) { known = middle } else { beyond = middle }
        }
        return known
    }

    /// Bytes `range` of a share (shortened at its end; empty past it), read into `buffer`
    /// (its capacity reused: see ``BufferPool``).
    public func read(_ index: StorageIndex, share: Int, range: Range<UInt64>, into buffer: consuming [UInt8] = []) async throws(StorageError) -> [UInt8] {
        guard !range.isEmpty else { return [] }
        let (status, _, body) = try await send(.GET, "/storage/v1/immutable/\(index.base32)/\(share)",
                                               headers: [("Range", "bytes=\(range.lowerBound)-\(range.upperBound - 1)")], into: consume buffer)
        switch status {
        case 206, 200: return body
        case 204: return []
        default: throw Self.failure(status, body)
        }
    }

    /// Reports a corrupt share.
    public func adviseCorrupt(_ index: StorageIndex, share: Int, reason: String) async throws(StorageError) {
        let (status, _, body) = try await send(.POST, "/storage/v1/immutable/\(index.base32)/\(share)/corrupt",
                                               body: CBORWire.encode(.map([(.text("reason"), .text(reason))])))
        guard status == 200 else { throw Self.failure(status, body) }
    }

    /// Adds or renews a lease on the bucket.
    public func renewLease(_ index: StorageIndex, lease: LeaseSecrets) async throws(StorageError) {
        let (status, _, body) = try await send(.PUT, "/storage/v1/lease/\(index.base32)",
                                               secrets: [(.leaseRenew, lease.renew), (.leaseCancel, lease.cancel)])
        guard status == 204 else { throw Self.failure(status, body) }
    }

    /// Uploads a whole share resumably: learns what the server still requires (by resending
    /// the first byte), then sends only those ranges in `chunk`-byte pieces. Call again after
    /// any retryable error; nothing already stored is sent twice (beyond that first byte).
    /// A share the server already completed (a broken request may still have delivered all
    /// of it) counts as done.
    public func uploadShare(_ index: StorageIndex, share: Int, upload: UploadSecret, chunk: Int = 1 << 20,
                            bytes: (Range<UInt64>) throws -> [UInt8]) async throws(StorageError) {
        func piece(_ range: Range<UInt64>) throws(StorageError) -> [UInt8] {
            do { return try bytes(range) } catch { throw .io("reading share data: \(error)") }
        }
        do {
            var outcome = try await write(index, share: share, at: 0, try piece(0..<1), upload: upload)
            while case .partial(let required) = outcome, let next = required.first {
                let end = min(next.upperBound, next.lowerBound + UInt64(chunk))
                outcome = try await write(index, share: share, at: next.lowerBound, try piece(next.lowerBound..<end), upload: upload)
            }
        } catch .notFound(let message) {
            if try await shares(of: index).contains(share) { return }
            throw .notFound(message)
        }
    }
}
