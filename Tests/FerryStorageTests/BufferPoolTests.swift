import FerryStorage
import Testing

/// The arrays a download's block reads fill are kept for the next reads: large ones, up to
/// a limit, with their memory.
struct BufferPoolTests {
    @Test func largeArraysComeBackWithTheirCapacitySmallOnesAndExtrasDoNot() {
        let pool = BufferPool(limit: 2)
        #expect(pool.take().capacity == 0, "an empty pool hands out a plain empty array")
        pool.give([UInt8](repeating: 1, count: 100))
        #expect(pool.count == 0, "a small array is not worth keeping")
        for size in [BufferPool.smallest, 2 * BufferPool.smallest, 3 * BufferPool.smallest] {
            pool.give([UInt8](repeating: 2, count: size))
        }
        #expect(pool.count == 2, "no more than the limit")
        var array = pool.take()
        #expect(array.capacity >= 2 * BufferPool.smallest)
        let address = array.withUnsafeBytes { $0.baseAddress }
        array.removeAll(keepingCapacity: true)
        array.append(contentsOf: [UInt8](repeating: 3, count: BufferPool.smallest))
        #expect(array.withUnsafeBytes { $0.baseAddress } == address, "filled again in the same memory")
        #expect(array.allSatisfy { $0 == 3 } && array.count == BufferPool.smallest)
        #expect(pool.count == 1)
    }
}
