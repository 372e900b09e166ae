import Foundation
import LedgerCore

/// How a target reports a broken property: a line on stderr, then `abort()`, which libFuzzer
/// treats like any crash: it stops and saves the input as `crash-<sha1>`.
public enum Property {
    public static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("fuzz property broken: \(message)\n".utf8))
        abort()
    }

    /// A refusal is only fine if a person can act on it: a stable code and a message.
    public static func requireClear(_ error: LedgerError) {
        guard !error.message.isEmpty else { fail("a \(error.code.rawValue) error without a message") }
        _ = error.description  // what the CLI prints: rendering it must not trap either
    }

    /// libFuzzer's bytes as an array: the readers take `[UInt8]`, as from `InputFile`.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }
}
