import NIOCore
import FerryCore

/// Where a storage server keeps immutable shares: the narrow interface every backend
/// implements and ``ShareStoreConformance`` checks. Semantics follow Tahoe-LAFS's HTTP
/// storage protocol, plus one Ferry addition: an incoming share survives restarts and is
/// resumed by allocating again with the same upload secret.
public protocol ShareStore: Sendable {
    /// Limits and free space, for the version endpoint and allocation checks.
    func capacity() async throws(StorageError) -> StoreCapacity

    /// Creates incoming shares (or finds them): complete ones come back in `alreadyHave`;
    /// new ones, and incoming ones with the same upload secret, in `allocated`. Incoming
    /// shares held by another upload secret are in neither. Repeating a call changes nothing.
    func allocate(_ index: StorageIndex, shares: Set<Int>, size: UInt64,
                  upload: UploadSecret, lease: LeaseSecrets) async throws(StorageError) -> Allocation

    /// Writes share data at `offset`. Rewriting written bytes with the same values is fine,
    /// different values are a conflict.
    ///
    /// A `durable` write returns only once it, and every staged write before it, is on stable
    /// storage; its outcome is what a client may be told. A staged write (`durable: false`) is
    /// in the share but may be lost in a crash, after which it is simply required again; it
    /// lets a long request pay for one flush instead of one per piece. A write that completes
    /// the share is always made durable. An empty durable write commits what was staged.
    func write(_ index: StorageIndex, share: Int, at offset: UInt64, _ data: [UInt8],
               upload: UploadSecret, durable: Bool) async throws(StorageError) -> WriteOutcome

    /// Abandons an incoming share (405 once complete, 404 if unknown, 401 on a wrong secret).
    func abort(_ index: StorageIndex, share: Int, upload: UploadSecret) async throws(StorageError)

    /// Abandons the incoming shares no one has allocated or written for
    /// ``UploadRules/idleIncomingTimeout``; returns how many.
    func abandonIdle() async throws(StorageError) -> Int

    /// Complete shares held for `index` (empty if none).
    func shares(of index: StorageIndex) async throws(StorageError) -> Set<Int>

    /// Up to `length` bytes of a complete share from `offset` (shortened at its end).
    func read(_ index: StorageIndex, share: Int, at offset: UInt64, length: Int) async throws(StorageError) -> [UInt8]

    /// As ``read(_:share:at:length:)``, into a buffer ready to send (a store that reads a
    /// file reads straight into it: no zeroed array, no second copy).
    func readBuffer(_ index: StorageIndex, share: Int, at offset: UInt64, length: Int) async throws(StorageError) -> ByteBuffer

    /// Length of a complete share.
    func length(_ index: StorageIndex, share: Int) async throws(StorageError) -> UInt64

    /// Records a client's report that a share is corrupt (404 if the share is unknown).
    func adviseCorrupt(_ index: StorageIndex, share: Int, reason: String) async throws(StorageError)

    /// Adds or renews the lease on a bucket's complete shares (404 if there are none).
    func renewLease(_ index: StorageIndex, lease: LeaseSecrets) async throws(StorageError)
}

extension ShareStore {
    public func readBuffer(_ index: StorageIndex, share: Int, at offset: UInt64, length: Int) async throws(StorageError) -> ByteBuffer {
        ByteBuffer(bytes: try await read(index, share: share, at: offset, length: length))
    }

    /// A durable write: on stable storage before it returns.
    public func write(_ index: StorageIndex, share: Int, at offset: UInt64, _ data: [UInt8],
                      upload: UploadSecret) async throws(StorageError) -> WriteOutcome {
        try await write(index, share: share, at: offset, data, upload: upload, durable: true)
    }
}

/// A store's size limits and free space.
public struct StoreCapacity: Sendable, Equatable {
    public var maximumShareSize: UInt64
    public var availableSpace: UInt64

    public init(maximumShareSize: UInt64, availableSpace: UInt64) {
        self.maximumShareSize = maximumShareSize
        self.availableSpace = availableSpace
    }
}

/// Answer to an allocation.
public struct Allocation: Sendable, Equatable {
    public var alreadyHave: Set<Int>
    public var allocated: Set<Int>

    public init(alreadyHave: Set<Int>, allocated: Set<Int>) {
        self.alreadyHave = alreadyHave
        self.allocated = allocated
    }
}

/// Answer to a write: still-required ranges, or complete.
public enum WriteOutcome: Sendable, Equatable {
    case partial(required: [Range<UInt64>])
    case complete
}
