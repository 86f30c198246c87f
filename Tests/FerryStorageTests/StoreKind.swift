import Testing
import FerryCore
import FerryStorage
import Foundation
import Synchronization

/// Every ``ShareStore`` implementation; the conformance suite runs against each.
enum StoreKind: String, CaseIterable, Sendable {
    case memory, directory

    static let clock: @Sendable () -> UInt64 = { 1_000_000 }

    /// A fresh, empty store. `limit` caps the maximum share size; `tight` leaves almost no
    /// space; `room` is the most bytes of shares it holds (a directory store's size limit).
    func make(limit: UInt64 = 1 << 40, tight: Bool = false, room: UInt64? = nil,
              now: @escaping @Sendable () -> UInt64 = clock) throws -> any ShareStore {
        switch self {
        case .memory:
            let space: UInt64 = tight ? 100 : room ?? 1 << 40
            return InMemoryShareStore(capacity: StoreCapacity(maximumShareSize: limit, availableSpace: space), now: now)
        case .directory:
            let root = NSTemporaryDirectory() + "ferry-store-" + UUID().uuidString
            let free = try FileManager.default.attributesOfFileSystem(forPath: NSTemporaryDirectory())[.systemFreeSize] as! NSNumber
            return try DirectoryShareStore(root: root, reservedSpace: tight ? free.uint64Value - 100 : 0,
                                           sizeLimit: room, maximumShareSize: limit, now: now)
        }
    }
}

/// A store clock a test moves by hand.
final class TestClock: Sendable {
    private let seconds: Mutex<UInt64>

    init(_ start: UInt64) { seconds = Mutex(start) }

    var now: @Sendable () -> UInt64 { { self.seconds.withLock { $0 } } }

    func advance(by delta: UInt64) { seconds.withLock { $0 += delta } }
}

/// Values used across the suite.
enum Sample {
    static let index = try! StorageIndex(bytes: Array(0..<16))
    static let other = try! StorageIndex(bytes: Array(16..<32))
    static let secret = try! UploadSecret(Array(repeating: 1, count: 32))
    static let otherSecret = try! UploadSecret(Array(repeating: 2, count: 32))
    static let lease = try! LeaseSecrets(renew: Array(repeating: 3, count: 32), cancel: Array(repeating: 4, count: 32))
    static let otherLease = try! LeaseSecrets(renew: Array(repeating: 5, count: 32), cancel: Array(repeating: 6, count: 32))
    static let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
}

/// `#expect(throws:)` for a specific ``StorageError`` case, by its code.
func expectError(_ code: String, sourceLocation: Testing.SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("expected \(code), got success", sourceLocation: sourceLocation)
    } catch let error as StorageError {
        #expect(error.code == code, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
    }
}
