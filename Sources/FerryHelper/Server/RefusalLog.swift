import FerryIO
import Foundation
import Synchronization

/// The helper's log of requests refused for want of a valid swissnum or token, throttled to
/// a line a minute (an operator saw nothing of them at all).
final class RefusalLog: Sendable {
    private let throttle = Mutex(LogThrottle(period: 60))
    private let now: @Sendable () -> Double

    init(now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) { self.now = now }

    func refused(_ method: String, _ path: String) {
        guard let count = throttle.withLock({ $0.record(at: now()) }) else { return }
        NodeLog.write("helper: refused \(count == 1 ? "a request" : "\(count) requests") without a valid swissnum or token (\(method) \(path))")
    }
}
