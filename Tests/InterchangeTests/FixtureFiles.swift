import Foundation

/// The repository's `Fixtures/` folder, found from this source file so tests run from any
/// working directory.
enum FixtureFiles {
    static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // InterchangeTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
        .appendingPathComponent("Fixtures").path

    static func path(_ relative: String) -> String { root + "/" + relative }

    static func bytes(_ relative: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(relative)) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path(relative)])
        }
        return [UInt8](data)
    }

    static func names(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path(folder)).sorted()
    }
}

/// `shared/external`: bank files other projects wrote, kept beside the project (never copied
/// into it). Found at $CLOSE_EXTERNAL, else `../shared/external` from the package root, else
/// the workplace's `/work/shared/external` (a fresh clone elsewhere still finds it).
enum ExternalFiles {
    static let root: String = {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [ProcessInfo.processInfo.environment["CLOSE_EXTERNAL"],
                          package.deletingLastPathComponent().appendingPathComponent("shared/external").path,
                          "/work/shared/external"].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/README.md") } ?? candidates[1]
    }()
}
