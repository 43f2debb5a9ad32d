// swift-tools-version:6.1
import PackageDescription

/// The server's hot modules skip the run-time exclusivity checks in release builds (each access
/// to a class's stored property otherwise registers itself, a few percent of every request);
/// debug builds, which the tests run, keep them.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "wizdb",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "wizdb", targets: ["wizdb"]),
        // The same commands with the PostgreSQL backend (SwiftNIO and its driver) linked in;
        // `wizdb` runs it for a postgres:// location, so the SQLite server stays small.
        .executable(name: "wizdb-postgres", targets: ["wizdb-postgres"]),
        // The studio's HTTP server lives in its own executable, so that SwiftNIO and Hummingbird
        // are not loaded by the plain stdio server; `wizdb studio` runs it.
        .executable(name: "wizdb-studio", targets: ["wizdb-studio"]),
    ],
    dependencies: [
        // 1.8: options that also work as a bare flag (`wizdb replay --record` and `--record=all`).
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // SHA-256 checksums of migration files (STYLE.md: never hand-roll a hash).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        // The studio's HTTP and WebSocket transport (wizdb-studio only).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        // The PostgreSQL backend's wire protocol (`--db postgres://...`); SwiftNIO is already in
        // the graph through Hummingbird, so it adds one package and its small helpers.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .target(name: "Primitives", swiftSettings: hotPath),
        .target(name: "JSON", swiftSettings: hotPath),
        .target(name: "JSONRPC", dependencies: [
            "JSON", "Primitives",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: hotPath),
        .target(name: "Store", dependencies: [
            "CSQLite", "JSON", "Primitives",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: hotPath),
        .target(name: "Handlers", dependencies: [
            "JSON", "JSONRPC", "Store",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: hotPath),
        // The PostgreSQL backend (`--db postgres://...`): connections, values and errors; the SQL
        // spelling itself is the store's `PostgresDialect`.
        .target(name: "PostgresBackend", dependencies: [
            "Store",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // posix_spawn with a working directory, for running servers without Foundation's Process.
        .target(name: "CSpawn"),
        .target(name: "Replay", dependencies: ["CSpawn", "JSON", "Primitives"]),
        .target(name: "CommandOptions", dependencies: [
            "Handlers", "JSONRPC", "Store",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Every command of the command line, shared by `wizdb` and `wizdb-postgres`.
        .target(name: "WizDBCLI", dependencies: [
            "Handlers", "JSON", "JSONRPC", "Store", "Primitives", "CommandOptions", "Replay",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "wizdb", dependencies: ["WizDBCLI"]),
        .executableTarget(name: "wizdb-postgres", dependencies: ["WizDBCLI", "CommandOptions", "PostgresBackend"],
                          path: "Sources/WizDBPostgres"),
        .target(name: "Studio", dependencies: [
            "Handlers", "JSON", "JSONRPC",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "wizdb-studio", dependencies: [
            "Studio", "CommandOptions", "Handlers", "PostgresBackend",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Sources/WizDBStudio"),
        .target(name: "TestSupport", dependencies: ["CSQLite", "JSON", "JSONRPC", "Replay"]),
        .executableTarget(name: "wizdb-bench", dependencies: ["CSQLite"], path: "Benchmarks/WizDBBench"),
        .executableTarget(name: "wizdb-faults", dependencies: [
            "TestSupport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Tools/WizDBFaults"),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "TestSupport"]),
        .testTarget(name: "JSONRPCTests", dependencies: ["JSON", "JSONRPC", "TestSupport"]),
        .testTarget(name: "ReplayTests", dependencies: ["JSON", "Replay", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["CSQLite", "JSON", "Store", "TestSupport"]),
        .testTarget(name: "HandlersTests", dependencies: ["CommandOptions", "Handlers", "JSON", "JSONRPC", "PostgresBackend", "Replay", "Store", "TestSupport", "WizDBCLI", "wizdb", "wizdb-postgres"]),
        .testTarget(name: "StudioTests", dependencies: ["Studio", "JSON", "TestSupport", "wizdb", "wizdb-studio"]),
    ],
    swiftLanguageModes: [.v6]
)
