/// Names in the order people count them: runs of digits compare by their value (`f2.bin`
/// before `f10.bin`), the rest by its characters, case folded, as file managers sort.
enum NaturalOrder {
    /// Whether `a` comes before `b`; nil when they are equal by this order.
    static func precedes(_ a: String, _ b: String) -> Bool? {
        let (x, y) = (Array(a.lowercased().unicodeScalars), Array(b.lowercased().unicodeScalars))
        var (i, j) = (0, 0)
        while i < x.count, j < y.count {
            if isDigit(x[i]), isDigit(y[j]) {
                let (startX, startY) = (i, j)
                while i < x.count, isDigit(x[i]) { i += 1 }
                while j < y.count, isDigit(y[j]) { j += 1 }
                // By value without leading zeros: the longer run is the larger number.
                let digitsX = x[startX..<i].drop { $0 == "0" }, digitsY = y[startY..<j].drop { $0 == "0" }
                if digitsX.count != digitsY.count { return digitsX.count < digitsY.count }
                if let (p, q) = zip(digitsX, digitsY).first(where: { $0 != $1 }) { return p.value < q.value }
                continue
            }
            if x[i] != y[j] { return x[i].value < y[j].value }
            i += 1
            j += 1
        }
        if x.count - i != y.count - j { return x.count - i < y.count - j }  // a prefix first
        return nil
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 48 && scalar.value <= 57 }
}
