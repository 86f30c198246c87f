import Foundation

/// One direction of a proxied connection that holds every chunk back for a fixed time, as a
/// long link does: a reader puts chunks in as they come off the socket, a writer takes each
/// out when its time is due. At most ``window`` bytes wait at once (the reader blocks
/// beyond it), as a TCP window bounds what a real link carries in flight, so a slow link
/// is slow and the proxy never sits on a whole file.
final class DelayLine: @unchecked Sendable {
    /// Bytes that may be on their way at once.
    static let window = 4 << 20

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var chunks: [(bytes: [UInt8], due: Double)] = []
    private var head = 0
    private var waiting = 0
    private var ended = false
    private var closed = false
    private var readerDone = false

    /// Adds a chunk due at `due`; waits while the line is full. False once the line is
    /// closed (the writer has stopped): the reader stops too.
    func put(_ bytes: [UInt8], due: Double) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while waiting >= Self.window, !closed { condition.wait() }
        guard !closed else { return false }
        chunks.append((bytes, due))
        waiting += bytes.count
        condition.broadcast()
        return true
    }

    /// The sender closed its side: what is in the line still goes, then the end.
    func end() {
        condition.lock()
        ended = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk and when it is due, waiting for one; nil at the end or once closed.
    func take() -> (bytes: [UInt8], due: Double)? {
        condition.lock()
        defer { condition.unlock() }
        while head == chunks.count, !ended, !closed { condition.wait() }
        guard !closed, head < chunks.count else { return nil }
        let chunk = chunks[head]
        chunks[head].bytes = []
        head += 1
        if head == chunks.count || head >= 1024 {
            chunks.removeFirst(head)
            head = 0
        }
        waiting -= chunk.bytes.count
        condition.broadcast()
        return chunk
    }

    /// The writer has stopped (cut, or the other side gone): wakes and stops the reader,
    /// and waits until it no longer touches its socket (which may be closed next).
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        while !readerDone { condition.wait() }
        condition.unlock()
    }

    /// The reader has returned for good.
    func readerStopped() {
        condition.lock()
        readerDone = true
        condition.broadcast()
        condition.unlock()
    }
}
