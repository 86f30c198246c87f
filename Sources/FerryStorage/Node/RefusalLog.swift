import FerryIO
import Foundation
import Synchronization

/// A node's log of requests refused for want of a valid swissnum or token, throttled to a
/// line a minute (an operator saw nothing of them at all).
public final class RefusalLog: Sendable {
    private let name: String
    private let throttle = Mutex(LogThrottle(period: 60))
    private let now: @Sendable () -> Double

    /// `name`: the node kind its lines begin with ("helper", "storage").
    public init(name: String, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.name = name
        self.now = now
    }

    /// `client`: the address the request came from (the last one, when several are counted).
    public func refused(_ method: String, _ path: String, from client: String) {
        guard let count = throttle.withLock({ $0.record(at: now()) }) else { return }
        let what = count == 1 ? "a request" : "\(count) requests, the last"
        NodeLog.write("\(name): refused \(what) from \(client) without a valid swissnum or token (\(method) \(path))")
    }
}
