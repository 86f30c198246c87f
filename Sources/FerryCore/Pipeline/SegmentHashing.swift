import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The SHA-256d work of one segment — the running whole-ciphertext hash, the segment's
/// crypttext hash and one hash per block — spread over a few threads. Hashing is most of
/// the cost of encoding and decoding, and every piece here is independent of the others.
public enum SegmentHashing {
    /// Threads to use: the online processors, at most 4.
    public static let defaultWorkers: Int = {
        #if canImport(Glibc)
        return max(1, min(4, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        #else
        return 2
        #endif
    }()

    /// Updates `flat` with `segment` (unless `hashFlat` is false) and returns the segment
    /// hash and the tagged hash of every block in `blocks`, in order.
    static func compute(
        segment: UnsafeRawBufferPointer, blocks: [UnsafeRawBufferPointer], flat: inout TaggedHasher, workers: Int, hashFlat: Bool = true
    ) -> (segmentHash: [UInt8], blockHashes: [[UInt8]]) {
        compute(pieces: [segment], blocks: blocks, flat: &flat, workers: workers, hashFlat: hashFlat)
    }

    /// As ``compute(segment:blocks:flat:workers:hashFlat:)``, for a segment that lies in
    /// `pieces` (its bytes in order, not contiguous: the blocks of a segment's primary shares).
    static func compute(
        pieces: [UnsafeRawBufferPointer], blocks: [UnsafeRawBufferPointer], flat: inout TaggedHasher, workers: Int, hashFlat: Bool = true
    ) -> (segmentHash: [UInt8], blockHashes: [[UInt8]]) {
        let jobCount = blocks.count + 2
        let length = pieces.reduce(0) { $0 + $1.count }
        let sizes = [hashFlat ? length : 0, length] + blocks.map(\.count)
        var results = [[UInt8]](repeating: [], count: jobCount)
        let plan = split(sizes: sizes, workers: min(workers, jobCount))
        var running = flat
        withUnsafeMutablePointer(to: &running) { flatPointer in
            results.withUnsafeMutableBufferPointer { output in
                let shared = Shared(flat: flatPointer, output: output, pieces: pieces, blocks: blocks)
                DispatchQueue.concurrentPerform(iterations: plan.count) { worker in
                    for job in plan[worker] {
                        switch job {
                        case 0: if hashFlat { for piece in shared.pieces { shared.flat.pointee.update(buffer: piece) } }
                        case 1:
                            var hasher = TaggedHasher(tag: HashTag.crypttextSegment)
                            for piece in shared.pieces { hasher.update(buffer: piece) }
                            shared.output[1] = hasher.finalize()
                        default: shared.output[job] = Hashes.block(buffer: shared.blocks[job - 2])
                        }
                    }
                }
            }
        }
        flat = running
        return (results[1], Array(results[2...]))
    }

    /// Tagged block hashes of `blocks`, in order, spread over `workers` threads.
    static func blockHashes(_ blocks: [UnsafeRawBufferPointer], workers: Int) -> [[UInt8]] {
        var unused = TaggedHasher(tag: [])
        return compute(segment: UnsafeRawBufferPointer(start: nil, count: 0), blocks: blocks, flat: &unused, workers: workers).blockHashes
    }

    /// Contiguous runs of jobs with roughly equal bytes per worker.
    static func split(sizes: [Int], workers: Int) -> [[Int]] {
        guard workers > 1 else { return [Array(sizes.indices)] }
        let total = sizes.reduce(0, +)
        var plan: [[Int]] = [[]]
        var load = 0
        for (job, size) in sizes.enumerated() {
            if load >= (total * plan.count + workers - 1) / workers, plan.count < workers { plan.append([]) }
            plan[plan.count - 1].append(job)
            load += size
        }
        return plan
    }

    /// Pointers handed to the worker threads: inputs are read-only while they run, and
    /// each job writes a different slot (job 0 alone touches `flat`).
    private struct Shared: @unchecked Sendable {
        let flat: UnsafeMutablePointer<TaggedHasher>
        let output: UnsafeMutableBufferPointer<[UInt8]>
        let pieces: [UnsafeRawBufferPointer]
        let blocks: [UnsafeRawBufferPointer]
    }
}
