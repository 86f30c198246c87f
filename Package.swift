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
        .library(name: "FerryClient", targets: ["FerryClient"]),
        .library(name: "FaultProxy", targets: ["FaultProxy"]),
        .library(name: "FerryTUI", targets: ["FerryTUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
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
            dependencies: [
                "FerryCore", "FerryIO",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .target(
            name: "FerryHelperProtocol",
            dependencies: ["FerryCore", "FerryStorage"]
        ),
        .target(
            name: "FerryHelper",
            dependencies: [
                "FerryCore", "ErasureCode", "FerryIO", "FerryStorage", "FerryHelperProtocol",
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .target(name: "FaultProxy"),
        .target(
            name: "FerryClient",
            dependencies: [
                "FerryCore", "ErasureCode", "FerryIO", "FerryStorage", "FerryHelperProtocol",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "FerryAgent",
            dependencies: [
                "FerryCore", "FerryClient", "FerryIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .systemLibrary(
            name: "CNCursesW",
            path: "Sources/CNCursesW",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(
            name: "FerryTerminal",
            dependencies: ["CNCursesW", "FerryTUI"]
        ),
        .target(
            name: "FerryTUI",
            dependencies: ["FerryCore", "FerryClient", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .target(name: "CStandardStreams"),
        .executableTarget(
            name: "ferry",
            dependencies: [
                "CStandardStreams", "FerryCore", "ErasureCode", "FerryIO", "FerryStorage", "FerryHelper", "FerryHelperProtocol", "FerryClient",
                "FerryTUI", "FerryTerminal", "FerryAgent", "FaultProxy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .target(
            name: "FerryTestSupport",
            dependencies: ["FerryIO", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/FerryTestSupport"
        ),
        .testTarget(
            name: "ErasureCodeTests",
            dependencies: ["ErasureCode", "FerryTestSupport", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/ErasureCodeTests"
        ),
        .testTarget(
            name: "FerryCoreTests",
            dependencies: ["FerryCore", "ErasureCode", "FerryTestSupport"],
            path: "Tests/FerryCoreTests"
        ),
        .testTarget(
            name: "FerryStorageTests",
            dependencies: [
                "FerryStorage", "FerryCore", "FerryTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/FerryStorageTests"
        ),
        .testTarget(
            name: "FerryHelperTests",
            dependencies: ["FerryHelper", "FerryHelperProtocol", "FerryStorage", "FerryCore", "FerryTestSupport",
                           .product(name: "Hummingbird", package: "hummingbird")],
            path: "Tests/FerryHelperTests"
        ),
        .testTarget(
            name: "FerryClientTests",
            dependencies: ["FerryClient", "FerryCore", "FerryStorage", "FerryHelperProtocol", "FerryIO",
                           .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/FerryClientTests"
        ),
        .testTarget(
            name: "FerryAgentTests",
            dependencies: ["FerryAgent", "FerryClient", "FerryCore", "FerryTestSupport"],
            path: "Tests/FerryAgentTests"
        ),
        .testTarget(
            name: "FerryTUITests",
            dependencies: ["FerryTUI", "FerryClient", "FerryCore", "FerryTestSupport"],
            path: "Tests/FerryTUITests"
        ),
        .testTarget(
            name: "FerryCLITests",
            dependencies: [
                "FerryTestSupport", "FerryStorage", "FerryHelper", "FerryHelperProtocol", "FerryClient", "FerryCore", "ErasureCode", "FaultProxy",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/FerryCLITests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
