import FerryIO
import Foundation
import Glibc

/// Writes a streamed download (standard output, a device, a pipe) in order, on a thread of
/// its own. Opening a pipe waits for its reader and a write waits while the reader does
/// not read (`| less` at a prompt, a stopped job): on one of Swift's task-pool threads such
/// a wait held a thread of the pool's few, and nothing could cancel it. The downloading
/// task hands segments over and, past `limit` bytes waiting, suspends in ``room()`` (which
/// cancellation ends); the thread alone blocks.
final class StreamLane: @unchecked Sendable {
    let name: String
    /// Whether this is standard output (a failed write is said as `put` and `ls` say it).
    private let isStandardOutput: Bool
    private let limit: Int
    /// Told the bytes of each chunk once the reader has taken them (progress that does not
    /// run ahead of the reader), and a wait for the reader that lasts ``patience``.
    private let events: @Sendable (DownloadEvent) -> Void
    /// How long a wait for the reader goes unsaid (a reader a little slower than the grid
    /// makes short ones all the time).
    private static let patience = 1.0
    private let condition = NSCondition()
    private var chunks: [[UInt8]] = []  // a few segments at most
    private var waiting = 0
    private var failure: FileError?
    /// No more chunks come: the thread writes what it holds (or, `abandoned`, drops it) and
    /// closes the stream.
    private var closing = false
    private var abandoned = false
    private var ended = false
    /// The stream is open (a pipe: a reader opened it).
    private var opened = false
    /// Chunks written so far, and whether the current wait for the reader was said.
    private var taken = 0
    private var waitSaid = false
    private var roomWaiter: CheckedContinuation<Void, Never>?
    private var endWaiter: CheckedContinuation<Void, Never>?

    /// `open` runs on the lane's thread and gives the descriptor, and whether the lane
    /// closes it when done.
    init(name: String, isStandardOutput: Bool = false, limit: Int, events: @escaping @Sendable (DownloadEvent) -> Void,
         open: @escaping @Sendable () throws(FileError) -> (descriptor: Int32, owned: Bool)) {
        self.name = name
        self.isStandardOutput = isStandardOutput
        self.limit = limit
        self.events = events
        Thread.detachNewThread { [self] in run(open) }
    }

    /// Standard output (left open at the end).
    static func standardOutput(limit: Int, events: @escaping @Sendable (DownloadEvent) -> Void) -> StreamLane {
        StreamLane(name: "standard output", isStandardOutput: true, limit: limit, events: events) { (1, false) }
    }

    /// An existing device or pipe, opened for writing (a pipe: once a reader has it open).
    static func opening(_ path: String, limit: Int, events: @escaping @Sendable (DownloadEvent) -> Void) -> StreamLane {
        StreamLane(name: path, limit: limit, events: events) { () throws(FileError) in
            let descriptor = Glibc.open(path, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw FileError("open", path: path) }
            return (descriptor, true)
        }
    }

    /// Queues `bytes` to be written after everything queued before; throws the failure of
    /// an earlier write or of the open, if any.
    func send(_ bytes: [UInt8]) throws(TransferError) {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw described(failure) }
        chunks.append(bytes)
        waiting += bytes.count
        condition.signal()
    }

    /// Returns once at most `limit` bytes wait to be written (or the stream failed, or the
    /// task is cancelled). Throws the stream's failure.
    func room() async throws(TransferError) {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                condition.lock()
                defer { condition.unlock() }
                if waiting <= limit || failure != nil || Task.isCancelled { return continuation.resume() }
                roomWaiter = continuation
                watch()
            }
        } onCancel: {
            wake(\.roomWaiter)
        }
        try check()
    }

    /// Waits until every queued byte is written and the stream is closed; throws the
    /// stream's failure. Cancellation stops the wait, not the writing.
    func finish() async throws(TransferError) {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                condition.lock()
                defer { condition.unlock() }
                closing = true
                condition.signal()
                if ended || Task.isCancelled { return continuation.resume() }
                endWaiter = continuation
                watch()
            }
        } onCancel: {
            wake(\.endWaiter)
        }
        try check()
    }

    /// Drops what waits; the thread ends (and closes the stream) once a write or open in
    /// progress returns.
    func abandon() {
        condition.lock()
        abandoned = true
        closing = true
        chunks.removeAll()
        waiting = 0
        condition.signal()
        condition.unlock()
    }

    /// Says the wait for the reader if, ``patience`` from now, it still waits and has taken
    /// nothing since. Called with the lock held.
    private func watch() {
        let mark = taken
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.patience) { [weak self] in
            guard let self else { return }
            condition.lock()
            let stalled = taken == mark && !waitSaid && !ended && failure == nil && (roomWaiter != nil || endWaiter != nil)
            if stalled { waitSaid = true }
            let open = opened
            condition.unlock()
            if stalled { events(.waitingForReader(stream: name, opened: open)) }
        }
    }

    private func check() throws(TransferError) {
        if let failure = condition.withLock({ self.failure }) { throw described(failure) }
        if Task.isCancelled { throw .cancelled }
    }

    private func described(_ failure: FileError) -> TransferError {
        // The reader went away (`| head`, a pager quit): the end of a pipeline, not a fault.
        if failure.errno == EPIPE { return .file(code: TransferError.outputClosed, message: "the reader of \(name) closed it before the end") }
        // Standard output that cannot be written is said as `put` and `ls` say it: nothing
        // here can be resumed (file.no_space told to free room and resume).
        if isStandardOutput { return .file(code: "output.unwritable", message: "standard output could not be written (\(failure.message))") }
        return .unwritable(failure)
    }

    private func wake(_ waiter: ReferenceWritableKeyPath<StreamLane, CheckedContinuation<Void, Never>?>) {
        condition.lock()
        let continuation = self[keyPath: waiter]
        self[keyPath: waiter] = nil
        condition.unlock()
        continuation?.resume()
    }

    private func run(_ open: () throws(FileError) -> (descriptor: Int32, owned: Bool)) {
        var stream: (descriptor: Int32, owned: Bool)?
        do { stream = try open() } catch { fail(error) }
        condition.withLock { opened = stream != nil }
        while let (descriptor, _) = stream {
            condition.lock()
            while chunks.isEmpty, !closing { condition.wait() }
            guard !abandoned, !chunks.isEmpty else {
                condition.unlock()
                break
            }
            let chunk = chunks.removeFirst()
            condition.unlock()
            do throws(FileError) {
                try chunk.withUnsafeBytes { bytes in Result { () throws(FileError) in try StreamWrite.all(bytes, to: descriptor, name: name) } }.get()
            } catch {
                fail(error)
                break
            }
            events(.wrote(chunk.count))
            condition.lock()
            (taken, waitSaid) = (taken + 1, false)
            waiting -= chunk.count
            let continuation = waiting <= limit ? roomWaiter : nil
            if continuation != nil { roomWaiter = nil }
            condition.unlock()
            continuation?.resume()
        }
        if let stream, stream.owned { close(stream.descriptor) }
        condition.lock()
        ended = true
        let waiters = [roomWaiter, endWaiter]
        (roomWaiter, endWaiter) = (nil, nil)
        condition.unlock()
        for waiter in waiters { waiter?.resume() }
    }

    /// Keeps the first failure, drops what waits, and wakes whoever waits.
    private func fail(_ error: FileError) {
        condition.lock()
        failure = failure ?? error
        chunks.removeAll()
        waiting = 0
        let waiter = roomWaiter
        roomWaiter = nil
        condition.unlock()
        waiter?.resume()
    }
}
