/// zfec's systematic n×k encoding matrix over ``GF256``.
///
/// zfec starts from the n×k Vandermonde-style matrix whose row `r` evaluates the
/// monomials `1, x, ..., x^(k-1)` at the point `x_r` (`x_0 = 0`, `x_r = alpha^(r-1)`),
/// then multiplies by the inverse of its top k×k part. The result has the identity on
/// top, and row `r` holds the Lagrange basis polynomials of the points `x_0..x_(k-1)`
/// evaluated at `x_r`; that is what this type computes directly, in O(n·k).
/// Share `j` is `row(j) · primaryBlocks`.
public struct ZfecMatrix: Sendable, Equatable {
    /// Number of primary blocks.
    public let k: Int
    /// Number of shares.
    public let n: Int
    /// All `n` rows, row-major (`n * k` coefficients). Rows `0..<k` are the identity.
    public let coefficients: [UInt8]

    /// Builds the matrix zfec's `fec_new(k, n)` builds.
    /// - Throws: ``ErasureCodeError/badParameters(k:n:)`` unless `1 <= k <= n <= 256`.
    public init(k: Int, n: Int) throws(ErasureCodeError) {
        guard k >= 1, n <= 256, k <= n else { throw .badParameters(k: k, n: n) }
        self.k = k
        self.n = n
        let points = (0..<k).map(Self.point)
        // denominators[m] = prod_{i != m} (x_m - x_i); in characteristic 2, minus is XOR.
        var denominators = [UInt8](repeating: 1, count: k)
        for m in 0..<k {
            for i in 0..<k where i != m {
                denominators[m] = GF256.product(denominators[m], points[m] ^ points[i])
            }
        }
        var matrix = [UInt8](repeating: 0, count: n * k)
        for r in 0..<k { matrix[r * k + r] = 1 }
        for r in k..<n {
            let x = Self.point(r)
            // Distinct points, so every factor below is non-zero.
            var full: UInt8 = 1
            for xi in points { full = GF256.product(full, x ^ xi) }
            for m in 0..<k {
                let divisor = GF256.product(x ^ points[m], denominators[m])
                matrix[r * k + m] = GF256.divide(full, divisor)
            }
        }
        coefficients = matrix
    }

    /// The coefficients of share `id` (`0..<n`).
    public func row(_ id: Int) -> ArraySlice<UInt8> {
        coefficients[id * k..<(id + 1) * k]
    }

    /// The evaluation point zfec assigns to share `row`.
    static func point(_ row: Int) -> UInt8 {
        row == 0 ? 0 : GF256.power(ofGenerator: row - 1)
    }
}
