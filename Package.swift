// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Ferry",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ferry", targets: ["ferry"]),
        .library(name: "FerryCore", targets: ["FerryCore"]),
        .library(name: "ErasureCode", targets: ["ErasureCode"]),
        .library(name: "FerryStorage", targets: ["FerryStorage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CISAL",
            path: "Sources/CISAL",
            pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"])]
        ),
        .target(
            name: "ErasureCode",
            dependencies: ["CISAL"]
        ),
        .target(
            name: "FerryCore",
            dependencies: [
                "ErasureCode",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "FerryIO"
        ),
        .target(
            name: "FerryStorage",
            dependencies: ["FerryCore", "FerryIO", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .executableTarget(
            name: "ferry",
            dependencies: [
                "FerryCore", "ErasureCode", "FerryIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "FerryTestSupport",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/FerryTestSupport"
        ),
        .testTarget(
            name: "ErasureCodeTests",
            dependencies: ["ErasureCode", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/ErasureCodeTests"
        ),
        .testTarget(
            name: "FerryCoreTests",
            dependencies: ["FerryCore", "ErasureCode", "FerryTestSupport"],
            path: "Tests/FerryCoreTests"
        ),
        .testTarget(
            name: "FerryStorageTests",
            dependencies: ["FerryStorage", "FerryCore", "FerryTestSupport"],
            path: "Tests/FerryStorageTests"
        ),
        .testTarget(
            name: "FerryCLITests",
            dependencies: ["FerryTestSupport"],
            path: "Tests/FerryCLITests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
