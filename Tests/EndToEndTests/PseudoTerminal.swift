import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal: the child's stdin is the secondary side, so `isatty(0)` holds.
final class PseudoTerminal {
    let primary: Int32
    let secondary: FileHandle

    init() throws {
        // posix_openpt and friends are not visible from Swift's Glibc module; the Linux
        // ioctls behind them are: TIOCSPTLCK unlocks the secondary, TIOCGPTN names it.
        primary = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard primary >= 0, ioctl(primary, 0x4004_5431, &unlock) == 0, ioctl(primary, 0x8004_5430, &number) == 0 else {
            throw POSIXError(.ENOTTY)
        }
        let fd = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard fd >= 0 else { throw POSIXError(.ENOTTY) }
        secondary = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        // The terminal echoes what is typed; drain it so the echo never fills the buffer.
        let primary = self.primary
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while read(primary, &buffer, buffer.count) > 0 {}
        }
    }

    func write(_ text: String) {
        _ = text.withCString { Glibc.write(primary, $0, strlen($0)) }
    }
}

extension PseudoTerminal {
    /// `close` started with its standard input on a new pseudo-terminal, so that it prompts,
    /// and its output and errors in one pipe.
    struct Prompt {
        let terminal: PseudoTerminal
        let process: Process
        let output: Pipe

        /// Types `input`, then reads everything it printed until it exits.
        func finish(typing input: String) -> (text: String, status: Int32) {
            terminal.write(input)
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (text, process.terminationStatus)
        }
    }

    /// `environment` changes the test's own: a nil value removes the variable.
    static func close(_ arguments: [String], in directory: URL, environment changes: [String: String?] = [:]) throws -> Prompt {
        let terminal = try PseudoTerminal()
        let process = Process()
        process.executableURL = CloseBinary.url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in changes { environment[key] = value }
        process.environment = environment
        process.standardInput = terminal.secondary
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return Prompt(terminal: terminal, process: process, output: output)
    }
}
