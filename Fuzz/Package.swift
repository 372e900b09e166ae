// swift-tools-version: 6.1
import Foundation
import PackageDescription

// libFuzzer targets for every reader of the close package (docs/fuzzing.md). A package of
// its own, so that the main build and `swift test` never see them: only `Fuzz/run.sh`
// builds them, with `-sanitize=fuzzer,address`. Each target's `@main` hands its test
// function to libFuzzer's driver (`Fuzzer.run`).

/// SwiftPM names a path dependency after its folder, and a clone may be called anything.
let closePackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let close = closePackage.lastPathComponent.lowercased()

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The readers, one fuzz target each: `fuzz-<name>` built from `Sources/fuzz-<name>`.
let readers = ["journal", "rates", "bank-csv", "goods", "camt053", "mt940",
               "group", "policy", "decisions", "template", "scenario", "override", "saft"]

let package = Package(
    name: "close-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: closePackage.path)],
    targets: [
        // Declares libFuzzer's driver, which the targets' `main` calls.
        .target(name: "CLibFuzzer"),
        .target(
            name: "FuzzSupport",
            dependencies: [
                "CLibFuzzer",
                .product(name: "LedgerCore", package: close),
                .product(name: "LedgerStore", package: close),
                .product(name: "Interchange", package: close),
                .product(name: "Simulation", package: close),
                .product(name: "Governance", package: close),
                .product(name: "CloseEngine", package: close),
            ],
            swiftSettings: strict),
    ] + readers.map { reader in
        .executableTarget(
            name: "fuzz-\(reader)",
            dependencies: [
                "FuzzSupport",
                .product(name: "LedgerCore", package: close),
                .product(name: "LedgerStore", package: close),
                .product(name: "Interchange", package: close),
                .product(name: "Simulation", package: close),
                .product(name: "Governance", package: close),
                .product(name: "CloseEngine", package: close),
            ],
            swiftSettings: strict)
    },
    swiftLanguageModes: [.v6]
)
