#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Remembers the decode plan for the most recent list of share ids.
///
/// Downloads decode segment after segment from the same shares, and inverting a k×k
/// matrix per segment is costly for large k, so a codec keeps its last plan here.
/// A pthread mutex guards the single entry (the stdlib `Mutex` needs macOS 15).
final class DecodePlanCache: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var shareIDs: [Int] = []
    private var plan: DecodePlan?

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// The cached plan for `ids`, or a new one from `make` (which is then cached).
    /// `make` runs outside the lock; concurrent misses may both build a plan.
    func plan(for ids: [Int], make: () throws(ErasureCodeError) -> DecodePlan) throws(ErasureCodeError) -> DecodePlan {
        pthread_mutex_lock(mutex)
        let hit = shareIDs == ids ? plan : nil
        pthread_mutex_unlock(mutex)
        if let hit { return hit }
        let fresh = try make()
        pthread_mutex_lock(mutex)
        shareIDs = ids
        plan = fresh
        pthread_mutex_unlock(mutex)
        return fresh
    }
}
