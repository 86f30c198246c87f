import Dispatch
import FerryCore
import FerryIO
import Synchronization

/// Hashes an upload's ciphertext while it arrives: the flat crypttext hash and each
/// segment's hash, which the URI extension block commits to. It reads back, on a queue of
/// its own, the bytes the registry has appended (still in the page cache), so neither the
/// registry's actor nor the request waits for it, and the push that follows hashes only
/// the blocks (2 of the ~5.3 GiB of SHA-256 a 1 GiB push did, docs/DECISIONS.md).
///
/// Bytes are only ever appended within a process, so what it has hashed stays true. After a
/// restart the upload is reopened at its durable offset and this hashes that prefix again.
/// It is an optimisation only: if reading fails, ``hashes()`` answers nil and the encoder
/// hashes the ciphertext itself, as it does for uploads found in `CHK_encoding` at start.
final class SpoolHasher: @unchecked Sendable {  // the file is only read, with pread, on the queue
    /// Bytes read back per step, and the least a step waits for before the file is complete.
    static let step = 1 << 20

    private struct State {
        /// Nil while the queue holds it to hash a run of steps.
        var hasher: CiphertextHasher?
        /// Bytes hashed so far.
        var hashed: UInt64 = 0
        /// Bytes written so far: readable up to here.
        var written: UInt64 = 0
        var result: CrypttextHashes?
        var failed = false
        var stopped = false
        var waiters: [CheckedContinuation<CrypttextHashes?, Never>] = []

        /// Whether enough unhashed bytes are written for a step.
        func due(size: UInt64) -> Bool {
            written > hashed && (written - hashed >= UInt64(SpoolHasher.step) || written == size)
        }

        /// Whether nothing more will come: hashed to the end, failed or stopped.
        var settled: Bool { result != nil || failed || stopped }
    }

    private let file: PosixFile
    private let size: UInt64
    private let queue = DispatchQueue(label: "ferry.helper.spool-hasher", qos: .utility)
    private let state: Mutex<State>

    /// A hasher reading the ciphertext at `path` (its own descriptor, so a later rename of the
    /// file does not matter).
    init(path: String, geometry: FileGeometry) throws(FileError) {
        file = try PosixFile.openForReading(path)
        size = geometry.fileSize
        var initial = State(hasher: CiphertextHasher(geometry: geometry))
        if size == 0 { initial.result = try? initial.hasher?.finish() }  // nothing will be written
        state = Mutex(initial)
    }

    /// Notes that every byte before `offset` is written; hashing goes on up to it in the
    /// background, in steps of ``step`` bytes (or to the end once the file is complete).
    func written(upTo offset: UInt64) {
        let hasher = state.withLock { state -> CiphertextHasher? in
            state.written = max(state.written, offset)
            guard !state.settled, state.due(size: size) else { return nil }
            return state.hasher.take()
        }
        if let hasher { queue.async { self.run(hasher) } }
    }

    /// The hashes once every byte is hashed; nil if hashing failed or was stopped.
    func hashes() async -> CrypttextHashes? {
        await withCheckedContinuation { continuation in
            let ready: CrypttextHashes?? = state.withLock { state in
                guard state.settled else {
                    state.waiters.append(continuation)
                    return nil
                }
                return .some(state.stopped ? nil : state.result)
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Stops hashing (the upload was removed); anyone waiting gets nil.
    func stop() {
        settle { $0.stopped = true }
    }

    /// Hashes steps while they are due, then hands the hasher back.
    private func run(_ taken: CiphertextHasher) {
        var hasher = taken
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.step, alignment: 16)
        defer { buffer.deallocate() }
        var written = state.withLock { $0.written }
        while true {
            let position = hasher.position
            let count = Int(min(UInt64(Self.step), written - position))
            let area = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
            do {
                guard try file.read(into: area, at: position) == count else { throw FileError("read", path: file.path) }
                try hasher.feed(UnsafeRawBufferPointer(area), at: position)
            } catch {
                return settle { $0.failed = true }
            }
            if hasher.isComplete { return settle { $0.result = try? hasher.finish(); $0.failed = $0.result == nil } }
            let next = state.withLock { state -> UInt64? in
                state.hashed = hasher.position
                guard !state.stopped, state.due(size: size) else {
                    state.hasher = hasher
                    return nil
                }
                return state.written
            }
            guard let next else { return }
            written = next
        }
    }

    /// Applies a final change and answers everyone waiting.
    private func settle(_ change: (inout State) -> Void) {
        let (waiters, result) = state.withLock { state in
            change(&state)
            defer { state.waiters = [] }
            return (state.waiters, state.stopped ? nil : state.result)
        }
        for waiter in waiters { waiter.resume(returning: result) }
    }
}
