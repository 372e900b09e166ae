import Foundation
import LedgerCore

/// Reads an input file whole: every format here is parsed all-or-nothing, so there is
/// nothing to gain from streaming, and a read failure becomes a `LedgerError` naming the path.
public enum InputFile {
    public static func bytes(atPath path: String) throws(LedgerError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LedgerError(.invalidFile, "no such file", at: SourceLocation(file: path))
        }
        guard !isDirectory.boolValue else {
            throw LedgerError(.invalidFile, "is a directory; expected a file", at: SourceLocation(file: path))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LedgerError(.invalidFile, "cannot be read (check its permissions)", at: SourceLocation(file: path))
        }
        return [UInt8](data)
    }
}
