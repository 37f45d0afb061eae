// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "fastag-bot",
    products: [
        .executable(name: "fastag-bot", targets: ["fastag-bot"]),
        // For the load tool's package (benchmarks/), which serves its fake Graph API with it.
        .library(name: "HTTPServerKit", targets: ["HTTPServerKit"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // libcrypto for SHA-256, HMAC-SHA256 and random bytes; the same library URLSession loads.
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // libpng (libpng-dev) decodes PNG photos, which go to Shauryapay as JPEGs.
        .systemLibrary(
            name: "CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        // libjpeg (libjpeg-dev) re-encodes document photos to the size Shauryapay takes, and
        // with libpng turns PNGs into JPEGs; both libraries' errors are longjmps, so the
        // decode-encode passes are C.
        .target(name: "CJPEG", dependencies: ["CPNG"], linkerSettings: [.linkedLibrary("jpeg")]),
        .target(name: "SQLite", dependencies: ["CSQLite"], swiftSettings: swiftSettings),
        // libpq (libpq-dev) for PostgreSQL, the backend that lets several replicas share one database.
        .systemLibrary(
            name: "CPostgres",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(name: "PostgreSQL", dependencies: ["CPostgres"], swiftSettings: swiftSettings),
        // epoll, eventfd and accept4 for the HTTP server's event loops (not in Swift's Glibc module).
        .target(name: "CEventPoll"),
        .target(name: "HTTPServerKit", dependencies: ["CEventPoll"], swiftSettings: swiftSettings),
        .target(
            name: "FastagBot",
            dependencies: ["SQLite", "PostgreSQL", "HTTPServerKit", "CCrypto", "CJPEG"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "fastag-bot", dependencies: ["FastagBot"], swiftSettings: swiftSettings),
        // libFuzzer entry point for the request parser; see scripts/fuzz-parser.
        .executableTarget(name: "FuzzRequestParser", dependencies: ["HTTPServerKit"], swiftSettings: swiftSettings),
        // Test-only libraries: only test targets depend on them (docs/ARCHITECTURE.md, "Tests").
        // TestKit knows nothing of FASTags: waiting, seeded randomness, child processes, loopback
        // clients and raw sockets, the skeleton of the loopback fakes.
        .target(name: "TestKit", dependencies: ["HTTPServerKit"], path: "Tests/TestKit", swiftSettings: swiftSettings),
        // The bot's test world: servers over temporary databases (in-process or on a port), the
        // fakes of the services the bot calls, the drivers, the dialogue's copy, the assign script.
        .target(
            name: "FastagTestKit", dependencies: ["FastagBot", "HTTPServerKit", "SQLite", "PostgreSQL", "TestKit"],
            path: "Tests/FastagTestKit", swiftSettings: swiftSettings),
        .testTarget(name: "HTTPServerKitTests", dependencies: ["HTTPServerKit", "TestKit"], swiftSettings: swiftSettings),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite", "TestKit"], swiftSettings: swiftSettings),
        // Needs a PostgreSQL server: FASTAG_TEST_POSTGRES_URL, or a private cluster the tests start.
        .testTarget(name: "PostgreSQLTests", dependencies: ["PostgreSQL", "TestKit"], swiftSettings: swiftSettings),
        .testTarget(
            name: "FastagBotTests", dependencies: ["FastagBot", "HTTPServerKit", "TestKit", "FastagTestKit"],
            swiftSettings: swiftSettings),
    ]
)
