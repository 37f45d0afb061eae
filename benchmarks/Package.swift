// swift-tools-version:6.0
import PackageDescription

// The load tool, a package of its own so that building and testing the product never
// compiles it. It drives the bot as a client would: over HTTP, with the bot as a child
// process, and a fake Graph API on the product's HTTPServerKit (its one library product).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "fastag-benchmarks",
    dependencies: [.package(name: "fastag-bot", path: "..")],
    targets: [
        // libcrypto for signing webhooks (HMAC-SHA256), as the WhatsApp Cloud API does.
        .systemLibrary(name: "CLibcrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // libjpeg for photos the bot can decode, as it decodes every one it is sent.
        .systemLibrary(name: "CLibjpeg", pkgConfig: "libjpeg", providers: [.apt(["libjpeg-dev"])]),
        .executableTarget(
            name: "fastag-load",
            dependencies: [.product(name: "HTTPServerKit", package: "fastag-bot"), "CLibcrypto", "CLibjpeg"],
            swiftSettings: swiftSettings
        ),
    ]
)
