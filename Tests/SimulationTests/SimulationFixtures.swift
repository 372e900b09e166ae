import Foundation

/// The repository's `Fixtures/` folder, found from this source file so tests run from any
/// working directory.
enum SimulationFixtures {
    static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // SimulationTests
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

    static func text(_ relative: String) throws -> String {
        String(decoding: try bytes(relative), as: UTF8.self)
    }

    static func names(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path(folder)).sorted()
    }
}
