import Foundation

/// One starting input of a target's corpus.
public struct Seed: Sendable {
    public var name: String
    public var bytes: [UInt8]

    public init(_ name: String, _ bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

/// The seed corpus of each target, made at run time from the repository's `Fixtures/`, the
/// real bank files of `shared/external` and files generated from the built-in scenario
/// `clean`, so that only a few hand-written seeds (`Fuzz/seeds/`) live in the repository.
/// `Fuzz/run.sh` asks each target for its seeds with CLOSE_FUZZ_SEEDS=DIR.
public enum Seeds {
    /// The close package, found from this file: Fuzz/Sources/FuzzSupport -> Fuzz -> the package.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func fixture(_ relative: String) -> String {
        packageRoot.appendingPathComponent("Fixtures/\(relative)").path
    }

    /// `shared/external`, where the tests look for it too: $CLOSE_EXTERNAL, then beside the
    /// package, then the workplace's copy; nil when there is none (its seeds are then left out).
    static let externalRoot: String? = {
        let candidates = [ProcessInfo.processInfo.environment["CLOSE_EXTERNAL"],
                          packageRoot.deletingLastPathComponent().appendingPathComponent("shared/external").path,
                          "/work/shared/external"].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/README.md") }
    }()

    /// The files of `Fixtures/<folder>` (not its subfolders) whose name passes `keep`.
    public static func fixtures(_ folder: String, _ keep: (String) -> Bool = { _ in true }) -> [Seed] {
        files(in: fixture(folder), recursive: false, prefix: "fixture-" + folder.replacingOccurrences(of: "/", with: "-"), keep)
    }

    /// The files under `shared/external/<folder>` whose name passes `keep`.
    public static func external(_ folder: String, _ keep: (String) -> Bool) -> [Seed] {
        guard let root = externalRoot else { return [] }
        return files(in: root + "/" + folder, recursive: true, prefix: "external-" + folder, keep)
    }

    /// The hand-written seeds kept in `Fuzz/seeds/<folder>`.
    public static func inRepository(_ folder: String) -> [Seed] {
        files(in: packageRoot.appendingPathComponent("Fuzz/seeds/\(folder)").path, recursive: false, prefix: "seed", { _ in true })
    }

    private static func files(in folder: String, recursive: Bool, prefix: String, _ keep: (String) -> Bool) -> [Seed] {
        let manager = FileManager.default
        let names = (recursive ? manager.subpaths(atPath: folder) : try? manager.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().compactMap { name in
            var isDirectory: ObjCBool = false
            let path = folder + "/" + name
            guard keep((name as NSString).lastPathComponent), manager.fileExists(atPath: path, isDirectory: &isDirectory),
                  !isDirectory.boolValue, let data = manager.contents(atPath: path) else { return nil }
            return Seed(prefix + "-" + name.replacingOccurrences(of: "/", with: "-"), [UInt8](data))
        }
    }

    /// Called from each target's `LLVMFuzzerInitialize`: when CLOSE_FUZZ_SEEDS names a folder,
    /// writes the target's seeds into it and exits, before libFuzzer starts.
    public static func writeIfAsked(_ make: () -> [Seed]) {
        guard let folder = ProcessInfo.processInfo.environment["CLOSE_FUZZ_SEEDS"], !folder.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let seeds = make()
            for seed in seeds {
                try Data(seed.bytes).write(to: URL(fileURLWithPath: folder + "/" + seed.name))
            }
            print("wrote \(seeds.count) seeds to \(folder)")
            exit(0)
        } catch {
            Property.fail("cannot write seeds to \(folder): \(error)")
        }
    }
}
