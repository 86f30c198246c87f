import FerryCore
import FerryStorage
import Synchronization

/// The block reads of a download kept open between windows, one per share and server: each
/// window's blocks of a share follow the last window's, so one ranged GET of up to
/// 64 MiB serves many windows (a request per window cost ~0.4 ms of CPU on each
/// side: docs/DECISIONS.md, session 13). A read that does not follow on, or that fails,
/// opens a new request; dropping this object cancels whatever is still open.
final class ReadStreams: Sendable {
    private struct Key: Hashable {
        let share: Int
        let position: Int
    }

    /// The most one request asks for.
    let span: UInt64
    private let open = Mutex<[Key: ShareReadStream]>([:])

    init(span: UInt64 = 64 << 20) {
        self.span = span
    }

    /// Reads `range` of `share` from `server` (at `position` in the server list) through the
    /// stream that has reached the range's start, opening one that reaches toward `limit`
    /// (where the share's blocks end) when there is none, or when one ends inside the range.
    /// A failed stream is dropped.
    func read(_ index: StorageIndex, share: Int, position: Int, range: Range<UInt64>, limit: UInt64, from server: StorageClient,
              into buffer: consuming [UInt8]) async throws(StorageError) -> [UInt8] {
        let key = Key(share: share, position: position)
        var bytes = consume buffer
        bytes.removeAll(keepingCapacity: true)
        var current = open.withLock { $0.removeValue(forKey: key) }
        while bytes.count < range.count {
            let offset = range.lowerBound + UInt64(bytes.count)
            if let found = current, found.position != offset || found.ended { current = nil }
            let stream: ShareReadStream
            if let current {
                stream = current
            } else {
                let end = max(range.upperBound, min(limit, offset + span))
                stream = try await server.openRead(index, share: share, range: offset..<end)
            }
            current = stream
            let before = bytes.count
            try await stream.read(count: min(range.count - bytes.count, Int(stream.end - offset)), appendingTo: &bytes)
            if bytes.count == before { break }  // the share ends early: what there is
        }
        if let current, !current.ended { open.withLock { $0[key] = current } }
        return bytes
    }
}
