import Foundation

/// A directory under the system's temporary directory, removed when the last reference
/// goes (a test suite's instance lives for one test). Created by whoever uses the path.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init(_ prefix: String) {
        path = NSTemporaryDirectory() + prefix + UUID().uuidString
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
