import Foundation
import LedgerCore

/// Opens or reads an input file, a failure becoming a `LedgerError` naming the path. The
/// imports stream theirs (`openForReading`); small files (group, policy, scenario) are read whole.
public enum InputFile {
    /// The file opened for reading in blocks; the caller closes it with `fclose`.
    static func openForReading(atPath path: String) throws(LedgerError) -> UnsafeMutablePointer<FILE> {
        try requireFile(atPath: path)
        guard let handle = fopen(path, "rb") else { throw unreadable(path) }
        return handle
    }

    /// The file's size in bytes, for progress; nil when it cannot be known.
    public static func size(atPath path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
    }

    public static func bytes(atPath path: String) throws(LedgerError) -> [UInt8] {
        try requireFile(atPath: path)
        guard let data = FileManager.default.contents(atPath: path) else { throw unreadable(path) }
        return [UInt8](data)
    }

    /// A path that names an existing file, not a directory.
    private static func requireFile(atPath path: String) throws(LedgerError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LedgerError(.invalidFile, "no such file", at: SourceLocation(file: path))
        }
        guard !isDirectory.boolValue else {
            throw LedgerError(.invalidFile, "is a directory; expected a file", at: SourceLocation(file: path))
        }
    }

    private static func unreadable(_ path: String) -> LedgerError {
        LedgerError(.invalidFile, "cannot be read (check its permissions)", at: SourceLocation(file: path))
    }
}
