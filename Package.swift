// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "wizdb",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "wizdb", targets: ["wizdb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .target(name: "Primitives"),
        .target(name: "JSONRPC", dependencies: [
            "Primitives",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Store", dependencies: [
            "CSQLite", "Primitives",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Handlers", dependencies: [
            "JSONRPC", "Store",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "wizdb", dependencies: [
            "Handlers", "JSONRPC", "Store", "Primitives",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "TestSupport", dependencies: ["JSONRPC"]),
        .executableTarget(name: "wizdb-bench", dependencies: ["CSQLite"], path: "Benchmarks/WizDBBench"),
        .testTarget(name: "JSONRPCTests", dependencies: ["JSONRPC", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport"]),
        .testTarget(name: "HandlersTests", dependencies: ["Handlers", "JSONRPC", "Store", "TestSupport", "wizdb"]),
    ],
    swiftLanguageModes: [.v6]
)
