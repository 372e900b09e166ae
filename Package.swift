// swift-tools-version: 6.1
import PackageDescription

/// Strict settings on every target: Swift 6 language mode, explicit `any`,
/// and imports that must name what they use.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "close",
    platforms: [.macOS(.v15)],  // Int128 for exact conversions
    products: [
        .executable(name: "close", targets: ["close"]),
        .library(name: "LedgerCore", targets: ["LedgerCore"]),
        .library(name: "LedgerStore", targets: ["LedgerStore"]),
        .library(name: "Interchange", targets: ["Interchange"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "Governance", targets: ["Governance"]),
        .library(name: "CloseEngine", targets: ["CloseEngine"]),
        .library(name: "Scoring", targets: ["Scoring"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        // The web front (issue 17). No default traits: swift-configuration is not needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        // Bcrypt only (a small C target); the rest of hummingbird-auth is not used.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        // Already in the graph through Hummingbird: its thread pool runs the ledger's blocking calls.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.14.0"),
    ],
    targets: [
        .target(name: "LedgerCore", swiftSettings: strict),
        .target(
            name: "LedgerStore",
            dependencies: [
                "LedgerCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .target(
            name: "Interchange",
            dependencies: ["LedgerCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict),
        .target(
            name: "Simulation",
            dependencies: [
                "LedgerCore", "LedgerStore", "Interchange",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict),
        .target(
            name: "Governance",
            dependencies: [
                "LedgerCore", "Interchange", .product(name: "Yams", package: "Yams"),
                // Ed25519 signatures of decisions; PBKDF2 to seal a signing key with a password.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .target(
            name: "Agents",
            dependencies: ["LedgerCore", "Governance"],
            swiftSettings: strict),
        .target(
            name: "CloseEngine",
            dependencies: [
                "LedgerCore", "LedgerStore", "Interchange", "Governance", "Agents", "Simulation",
                .product(name: "Crypto", package: "swift-crypto"),
                // Password hashes (a small C target of hummingbird-auth; no web code).
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict),
        // A close scored against a scenario's injected faults: apart from the engine, which
        // must know nothing of simulated faults.
        .target(
            name: "Scoring",
            dependencies: ["LedgerCore", "LedgerStore", "Governance", "CloseEngine", "Simulation"],
            swiftSettings: strict),
        .target(
            name: "CloseCLI",
            dependencies: [
                "LedgerCore", "LedgerStore", "Interchange", "Simulation", "Governance", "Agents", "CloseEngine", "Scoring", "CloseWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        // The web front: parses requests, calls CloseSession, renders pages; no rule of its own.
        .target(
            name: "CloseWeb",
            dependencies: [
                "LedgerCore", "LedgerStore", "Governance", "Agents", "CloseEngine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .executableTarget(name: "close", dependencies: ["CloseCLI"], swiftSettings: strict),

        .testTarget(
            name: "LedgerCoreTests",
            dependencies: ["LedgerCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strict),
        .testTarget(
            name: "LedgerStoreTests",
            dependencies: [
                "LedgerCore", "LedgerStore", "Interchange",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "InterchangeTests",
            dependencies: ["LedgerCore", "Interchange", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strict),
        .testTarget(
            name: "SimulationTests",
            dependencies: ["LedgerCore", "LedgerStore", "Interchange", "Simulation"],
            swiftSettings: strict),
        .testTarget(
            name: "GovernanceTests",
            dependencies: ["LedgerCore", "Governance", "Interchange", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strict),
        .testTarget(
            name: "AgentsTests",
            dependencies: ["LedgerCore", "Governance", "Agents"],
            swiftSettings: strict),
        .testTarget(
            name: "CloseEngineTests",
            dependencies: ["LedgerCore", "LedgerStore", "Governance", "Agents", "CloseEngine", "Simulation", "Interchange",
                           .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strict),
        .testTarget(
            name: "ScoringTests",
            dependencies: ["LedgerCore", "LedgerStore", "Governance", "CloseEngine", "Simulation", "Scoring"],
            swiftSettings: strict),
        .testTarget(
            name: "CloseCLITests",
            dependencies: ["CloseCLI", "LedgerCore", "LedgerStore", "Interchange",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),
        .testTarget(
            name: "CloseWebTests",
            dependencies: ["CloseWeb", "CloseEngine", "LedgerCore", "LedgerStore", "Simulation",
                           .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["LedgerCore", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
