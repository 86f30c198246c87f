/// A benchmark run that could not measure (a wrong result, a missing input).
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
}
