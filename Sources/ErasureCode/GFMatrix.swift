/// Small dense-matrix helpers over ``GF256`` (row-major `[UInt8]`).
enum GFMatrix {
    /// The inverse of the `size`×`size` matrix `matrix`, or `nil` if it is singular.
    /// Gauss–Jordan elimination on `[matrix | I]`.
    static func inverse(of matrix: [UInt8], size: Int) -> [UInt8]? {
        precondition(matrix.count == size * size, "internal: matrix shape")
        var left = matrix
        var right = [UInt8](repeating: 0, count: size * size)
        for i in 0..<size { right[i * size + i] = 1 }
        for col in 0..<size {
            guard let pivot = (col..<size).first(where: { left[$0 * size + col] != 0 }) else { return nil }
            if pivot != col {
                for x in 0..<size {
                    left.swapAt(pivot * size + x, col * size + x)
                    right.swapAt(pivot * size + x, col * size + x)
                }
            }
            if let scale = GF256.inverse(left[col * size + col]), scale != 1 {
                for x in 0..<size {
                    left[col * size + x] = GF256.product(left[col * size + x], scale)
                    right[col * size + x] = GF256.product(right[col * size + x], scale)
                }
            }
            for row in 0..<size where row != col {
                let factor = left[row * size + col]
                if factor == 0 { continue }
                for x in 0..<size {
                    left[row * size + x] ^= GF256.product(factor, left[col * size + x])
                    right[row * size + x] ^= GF256.product(factor, right[col * size + x])
                }
            }
        }
        return right
    }
}
