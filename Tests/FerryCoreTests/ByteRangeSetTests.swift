import FerryCore
import Testing

@Suite struct ByteRangeSetTests {
    @Test func mergesOverlappingAndTouchingRanges() {
        var set = ByteRangeSet()
        set.insert(10..<20)
        set.insert(30..<40)
        #expect(set.ranges == [10..<20, 30..<40])
        set.insert(20..<25)
        #expect(set.ranges == [10..<25, 30..<40])
        set.insert(5..<31)
        #expect(set.ranges == [5..<40])
        set.insert(50..<50)
        #expect(set.ranges == [5..<40])
        set.insert(0..<1)
        #expect(set.ranges == [0..<1, 5..<40])
        #expect(set.count == 36)
    }

    @Test func containsGapsAndIntersection() {
        let set = ByteRangeSet([0..<10, 20..<30])
        #expect(set.contains(2..<8) && set.contains(20..<30) && set.contains(5..<5))
        #expect(!set.contains(5..<15) && !set.contains(10..<20) && !set.contains(29..<31))
        #expect(set.gaps(in: 0..<40) == [10..<20, 30..<40])
        #expect(set.gaps(in: 5..<25) == [10..<20])
        #expect(set.gaps(in: 0..<10).isEmpty)
        #expect(set.intersection(with: 5..<25) == [5..<10, 20..<25])
    }

    /// Against a plain array of booleans for many random insertions.
    @Test func agreesWithABitmap() {
        var state: UInt64 = 42
        func next(_ bound: UInt64) -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (state >> 33) % bound
        }
        for _ in 0..<50 {
            var set = ByteRangeSet()
            var bits = [Bool](repeating: false, count: 200)
            for _ in 0..<20 {
                let start = next(200), length = next(30)
                let end = min(200, start + length)
                set.insert(start..<end)
                for index in start..<end { bits[Int(index)] = true }
            }
            let expected = ByteRangeSet((0..<200).filter { bits[$0] }.map { UInt64($0)..<UInt64($0 + 1) })
            #expect(set == expected)
            #expect(set.count == UInt64(bits.filter { $0 }.count))
            for _ in 0..<10 {
                let start = next(200), end = min(200, start + next(40))
                #expect(set.contains(start..<end) == (start..<end).allSatisfy { bits[Int($0)] })
            }
        }
    }
}
