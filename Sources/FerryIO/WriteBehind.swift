import Dispatch
import Synchronization

/// Writes to one file that return once copied: contiguous writes gather in an aligned
/// buffer, which a thread of its own writes out (``DirectWrites``: around the page cache)
/// while the caller fills the next one. Jobs handed to ``flush(then:)`` run on that thread
/// after every write made before them, so a sync there covers them.
///
/// One caller at a time. A failed write is reported twice: once to the caller (thrown by
/// its next ``write(_:at:)`` or ``wait()``), and to the next flush job, which must then not
/// treat the bytes before it as written.
public final class WriteBehind: @unchecked Sendable {
    private let writes: DirectWrites
    private let queue: DispatchQueue
    private let available: DispatchSemaphore
    private let spare: Mutex<[AlignedBuffer]>
    private let unseen = Mutex<FileError?>(nil)
    /// The first failure since the last flush job (queue-confined).
    private var sinceFlush: FileError?
    /// The buffer being filled: bytes from file offset `start`, placed from `lead` on so
    /// that memory and file offsets share their alignment (caller-confined).
    private var current: (buffer: AlignedBuffer, start: UInt64, lead: Int, count: Int)?

    /// Writes `file` through `buffers` buffers of `bufferBytes` each.
    public init(_ file: PosixFile, label: String, bufferBytes: Int = 1 << 20, buffers: Int = 2) {
        writes = DirectWrites(file)
        queue = DispatchQueue(label: label)
        // Counted up from zero: libdispatch traps when a semaphore goes while below its
        // starting value (a buffer still being filled when the writer is dropped).
        available = DispatchSemaphore(value: 0)
        for _ in 0..<buffers { available.signal() }
        spare = Mutex((0..<buffers).map { _ in AlignedBuffer(capacity: bufferBytes + DirectIO.blockSize) })
    }

    /// Copies `bytes` to be written at `offset` (waiting for a free buffer if both are full).
    /// Throws an earlier write's failure, once.
    public func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(FileError) {
        try write(count: bytes.count, at: offset) { area, position in
            area.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[position..<position + area.count]))
        }
    }

    /// As ``write(_:at:)`` for `count` bytes that `fill` puts in place itself (decrypts
    /// into the buffer, say): it is called for each run of buffer space in turn, with the
    /// run and where in the `count` bytes it starts.
    public func write(count: Int, at offset: UInt64, fill: (UnsafeMutableRawBufferPointer, Int) -> Void) throws(FileError) {
        try check()
        var done = 0
        while done < count {
            let position = offset + UInt64(done)
            if let current, current.start + UInt64(current.count) != position || current.lead + current.count == current.buffer.capacity {
                submit()
            }
            if current == nil {
                available.wait()
                let buffer = spare.withLock { $0.removeLast() }
                current = (buffer, position, Int(position % UInt64(DirectIO.blockSize)), 0)
            }
            guard var filling = current else { return }
            let run = min(count - done, filling.buffer.capacity - filling.lead - filling.count)
            let start = filling.lead + filling.count
            fill(UnsafeMutableRawBufferPointer(rebasing: filling.buffer.bytes[start..<start + run]), done)
            filling.count += run
            current = filling
            done += run
        }
    }

    /// Hands what is gathered to the writing thread, then `job` with the first write failure
    /// since the previous job (nil when every write in between went through).
    public func flush(then job: @escaping @Sendable (FileError?) -> Void) {
        submit()
        queue.async { [self] in
            let failure = sinceFlush
            sinceFlush = nil
            job(failure)
        }
    }

    /// Writes out everything handed over and waits for it; throws a failure not yet seen.
    public func wait() throws(FileError) {
        submit()
        queue.sync {}
        try check()
    }

    /// Stops writing directly (after ``wait()``; the file's own descriptor stays open).
    public func close() {
        queue.sync { writes.close() }
    }

    private func check() throws(FileError) {
        if let failure = unseen.withLock({ $0.take() }) { throw failure }
    }

    private func submit() {
        guard let (buffer, start, lead, count) = current else { return }
        current = nil
        queue.async { [self] in
            if sinceFlush == nil {
                do throws(FileError) {
                    try writes.write(UnsafeRawBufferPointer(rebasing: buffer.bytes[lead..<lead + count]), at: start)
                } catch {
                    sinceFlush = error
                    unseen.withLock { $0 = $0 ?? error }
                }
            }
            spare.withLock { $0.append(buffer) }
            available.signal()
        }
    }
}
