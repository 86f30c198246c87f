@testable import FerryTUI
import Testing

/// Sorting by name counts as people do (a user test found `f10.bin` before `f2.bin`).
struct NaturalOrderTests {
    @Test func numbersCompareByValue() {
        let names = ["f10.bin", "F2.bin", "f1.bin", "f02.bin", "f2.iso", "backup", "f", "f100", "Ärger", "f9"]
        let sorted = names.sorted { NaturalOrder.precedes($0, $1) ?? ($0 < $1) }  // ties (F2, f02) by text here; by id on the screen
        #expect(sorted == ["backup", "f", "f1.bin", "F2.bin", "f02.bin", "f2.iso", "f9", "f10.bin", "f100", "Ärger"], "\(sorted)")
        #expect(NaturalOrder.precedes("a1", "a01") == nil && NaturalOrder.precedes("x", "x") == nil)
        #expect(NaturalOrder.precedes("v1.9", "v1.10") == true && NaturalOrder.precedes("v1.10", "v1.9") == false)
    }
}
