/// A body sequence that tells a ``BodyWatch`` when it is asked for pieces.
public struct WatchedBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element: Sendable {
    public typealias Element = Base.Element
    let base: Base
    let watch: BodyWatch

    public init(_ base: Base, watch: BodyWatch) {
        self.base = base
        self.watch = watch
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let slot: IteratorSlot<Base.AsyncIterator>
        let watch: BodyWatch

        public mutating func next() async throws -> Element? {
            // Abandoned: the source is gone, and so is this body.
            guard var base = slot.take() else { throw CancellationError() }
            watch.pullStarted()
            do {
                let piece = try await base.next()
                slot.put(base)
                watch.pullEnded(last: piece == nil)
                return piece
            } catch {
                watch.pullEnded(last: true)
                throw error
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        let slot = IteratorSlot(base.makeAsyncIterator())
        watch.onAbandon { slot.release() }
        return AsyncIterator(slot: slot, watch: watch)
    }
}
