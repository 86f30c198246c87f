import Dispatch
import Glibc
import Synchronization

/// Turns signals into a callback (instead of their default, which would kill the process
/// with the terminal still in screen mode and the journal mid-save).
///
/// Watches nest: the newest one watching a signal hears it, and once none is left the
/// signal ends the process again. The process keeps one dispatch source per signal
/// for its whole life: a second source made after the first was cancelled never heard its
/// signal (`put -` watches while reading standard input, then hands the transfer to the
/// agent, whose Ctrl-C then went unheard).
final class SignalWatch: Sendable {
    private struct Watchers: ~Copyable {
        var sources: [Int32: any DispatchSourceSignal] = [:]
        var handlers: [Int32: [(id: Int, handler: @Sendable () -> Void)]] = [:]
        var next = 0
    }

    private static let watchers = Mutex(Watchers())
    /// A serial queue of its own: such queues get a thread even when every thread of the
    /// global queues (which Swift's task pool shares) waits in a blocking call, so a
    /// signal is heard whatever else the process is stuck in.
    private static let queue = DispatchQueue(label: "ferry.signals")
    private let signals: [Int32]
    private let id: Int

    init(_ signals: [Int32], handler: @escaping @Sendable () -> Void) {
        self.signals = signals
        id = Self.watchers.withLock { watchers in
            let id = watchers.next
            watchers.next += 1
            for number in signals {
                watchers.handlers[number, default: []].append((id, handler))
                guard watchers.sources[number] == nil else { continue }
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: Self.queue)
                source.setEventHandler { SignalWatch.deliver(number) }
                source.resume()
                watchers.sources[number] = source
            }
            return id
        }
    }

    /// Stops watching; with no other watch, the signals end the process again (exit 128+N).
    func cancel() {
        Self.watchers.withLock { watchers in
            for number in signals { watchers.handlers[number]?.removeAll { $0.id == id } }
        }
    }

    private static func deliver(_ number: Int32) {
        if let handler = watchers.withLock({ $0.handlers[number]?.last?.handler }) {
            handler()
        } else {
            // Nobody watches now: ends the process as the signal would have (libdispatch keeps
            // the signal once it has a source, so restoring its default action does nothing).
            PromptExit.now(128 + number)
        }
    }
}
