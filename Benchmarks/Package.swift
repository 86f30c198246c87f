// swift-tools-version: 6.1
// Ferry's benchmarks live in their own package so that CI's test build never compiles
// ordo-one/benchmark. Run them with Benchmarks/run.sh (figures go to Benchmarks/results/).
import PackageDescription

let package = Package(
    name: "FerryBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Ferry", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .executableTarget(
            name: "FormatBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ErasureCode", package: "Ferry"),
                .product(name: "FerryCore", package: "Ferry"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            path: "Benchmarks/FormatBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ScreenBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "FerryTUI", package: "Ferry"),
                .product(name: "FerryClient", package: "Ferry"),
                .product(name: "FerryCore", package: "Ferry"),
            ],
            path: "Benchmarks/ScreenBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Not an ordo-one benchmark: a program timing recovery against a running grid
        // (Benchmarks/recovery.sh).
        .executableTarget(
            name: "Recovery",
            dependencies: [
                .product(name: "FerryClient", package: "Ferry"),
                .product(name: "FerryStorage", package: "Ferry"),
                .product(name: "FerryCore", package: "Ferry"),
                .product(name: "FaultProxy", package: "Ferry"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Benchmarks/Recovery"
        ),
    ],
    swiftLanguageModes: [.v6]
)
