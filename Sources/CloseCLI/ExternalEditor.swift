import Foundation

/// The person's editor ($VISUAL, else $EDITOR) on a private temporary file, for an override
/// edited at the prompt of `close run`. It runs through /bin/sh so an editor with arguments
/// ("code --wait") works; the file is passed as "$1", never spliced into the command.
enum ExternalEditor {
    static var command: String? {
        let environment = ProcessInfo.processInfo.environment
        return [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty }
    }

    /// The text as saved, or nil when no editor is set, it could not start, or it failed.
    static func edit(_ text: String) -> String? {
        guard let command else { return nil }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("close-override-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        guard FileManager.default.createFile(atPath: file.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " \"$1\"", "close-editor", file.path]
        do {
            try process.run()
        } catch {
            return nil
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
