import Crypto
import Foundation

/// Runs the built `close` executable, as a user would, and captures what it prints.
/// The binary sits beside the test runner in the build folder; CLOSE_BINARY overrides.
struct CloseBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var url: URL {
        if let path = ProcessInfo.processInfo.environment["CLOSE_BINARY"] { return URL(fileURLWithPath: path) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On some platforms the runner is inside a bundle (…/X.xctest/Contents/MacOS/X).
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("close").path),
              directory.pathComponents.count > 1 {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("close")
    }

    /// Runs `close ARGS` in `directory` with a clean identity and a fixed clock.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL, environment extra: [String: String] = [:], input: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["CLOSE_DB"] = nil
        environment["CLOSE_USER"] = nil
        environment["CLOSE_NOW"] = "2026-06-01T09:00:00Z"
        environment["COLUMNS"] = "100"
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {  // a password on standard input, as a person pipes it
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A fresh directory per test, removed at the end.
final class Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("close-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// SHA-256 of the database file and whether a WAL is left: "unchanged" means equal.
    func fingerprint(_ name: String) throws -> String {
        let data = try Data(contentsOf: url.appendingPathComponent(name))
        let wal = FileManager.default.fileExists(atPath: path(name) + "-wal")
        let walSize = wal ? ((try? FileManager.default.attributesOfItem(atPath: path(name) + "-wal")[.size] as? Int) ?? -1) ?? -1 : 0
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() + " wal=\(walSize)"
    }
}

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func files(in folder: String, prefix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path(folder))
            .filter { $0.hasPrefix(prefix) }.sorted().map { path(folder + "/" + $0) }
    }
}
