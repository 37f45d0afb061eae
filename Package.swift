// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "fastag-bot",
    products: [
        .executable(name: "fastag-bot", targets: ["fastag-bot"])
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "SQLite", dependencies: ["CSQLite"], swiftSettings: swiftSettings),
        .target(name: "HTTPServerKit", swiftSettings: swiftSettings),
        .target(
            name: "FastagBot",
            dependencies: ["SQLite", "HTTPServerKit"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "fastag-bot", dependencies: ["FastagBot"], swiftSettings: swiftSettings),
        // libFuzzer entry point for the request parser; see scripts/fuzz-parser.
        .executableTarget(name: "FuzzRequestParser", dependencies: ["HTTPServerKit"], swiftSettings: swiftSettings),
        .testTarget(name: "HTTPServerKitTests", dependencies: ["HTTPServerKit"], swiftSettings: swiftSettings),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"], swiftSettings: swiftSettings),
        .testTarget(name: "FastagBotTests", dependencies: ["FastagBot"], swiftSettings: swiftSettings),
    ]
)
