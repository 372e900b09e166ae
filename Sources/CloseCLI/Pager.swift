import CloseEngine
import Foundation
import LedgerCore
#if canImport(Glibc)
import Glibc
#endif

/// Text longer than the terminal goes through a pager, as git and hledger do: $PAGER, else
/// `less -FRX` (which quits at once when the text fits and keeps colours). A pipe, a file,
/// `PAGER=cat` or an empty $PAGER get the text as it is, and so does a terminal when no
/// pager can be started. The text is made visible (`SafeText`) before either.
enum Pager {
    struct Screen {
        /// Standard input and output are both a terminal: someone is there to page.
        var isTerminal: Bool
        var rows: Int

        static var current: Screen {
            var size = winsize()
            let rows = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_row > 0 ? Int(size.ws_row) : 24
            return Screen(isTerminal: isatty(STDOUT_FILENO) == 1 && isatty(STDIN_FILENO) == 1, rows: rows)
        }
    }

    static func show(_ text: String, screen: Screen = .current, environment: [String: String] = ProcessInfo.processInfo.environment,
                     direct: (String) -> Void = { Terminal.write($0) }) {
        let safe = SafeText.visible(text, keepingLineBreaks: true)
        guard let command = pager(for: safe, screen: screen, environment: environment), run(command, input: safe) else {
            direct(safe)
            return
        }
    }

    /// The pager to use, or nil to write the text directly.
    static func pager(for text: String, screen: Screen, environment: [String: String]) -> String? {
        guard screen.isTerminal, text.utf8.reduce(0, { $0 + ($1 == 10 ? 1 : 0) }) >= screen.rows - 1 else { return nil }
        let command = (environment["PAGER"] ?? "less -FRX").trimmingCharacters(in: .whitespaces)
        return command.isEmpty || command == "cat" ? nil : command
    }

    /// Runs `command` through the shell with `input` on its standard input; false when it
    /// could not be started (the caller then writes the text itself).
    private static func run(_ command: String, input: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardInput = pipe
        do { try process.run() } catch { return false }
        // A pager quit early closes its end: the write fails quietly instead of killing us.
        signal(SIGPIPE, SIG_IGN)
        try? pipe.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try? pipe.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationReason == .exit && process.terminationStatus != 127
    }
}
