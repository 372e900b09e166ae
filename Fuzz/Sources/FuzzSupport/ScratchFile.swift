import Foundation

/// The YAML readers are fuzzed through `parse(contentsOf:)`, the path the CLI takes, so that
/// reading the file, its UTF-8 check and its byte order mark are fuzzed too. Each process
/// writes its input to one file in a folder of its own (on tmpfs when there is one).
public enum ScratchFile {
    static let directory: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let folder = "\(base)/close-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        scratchFolder = strdup(folder)
        atexit { if let folder = scratchFolder { _ = try? FileManager.default.removeItem(atPath: String(cString: folder)) } }
        return folder
    }()

    /// The input at `<folder>/<name>`, written afresh; returns its path.
    public static func write(_ bytes: [UInt8], name: String) -> String {
        let path = directory + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            Property.fail("cannot write the scratch file \(path)")
        }
        return path
    }
}

/// For the exit handler, which cannot capture: set once, before the handler is registered.
nonisolated(unsafe) private var scratchFolder: UnsafeMutablePointer<CChar>?
