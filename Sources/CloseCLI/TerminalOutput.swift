import ArgumentParser
import Foundation
import LedgerCore

/// Everything `close` writes to a terminal goes through `Terminal`, which passes text
/// through `SafeText.visible`: a description, an account code, a file name or an error
/// message that came from outside can hold an escape sequence (recolour, retitle, hide the
/// lines below it), and it is shown as `\u{1B}` instead of being obeyed. Line breaks and tabs
/// of the output itself are kept.
enum Terminal {
    static func write(_ text: String, toError: Bool = false) {
        let safe = SafeText.visible(text, keepingLineBreaks: true)
        (toError ? FileHandle.standardError : FileHandle.standardOutput).write(Data(safe.utf8))
    }

    /// The way `close` ends on an error: ArgumentParser's message and exit code, the message
    /// made visible (an unknown option, a file name or a refusal can quote hostile text).
    static func exit(with error: any Error) -> Never {
        let code = CloseCommand.exitCode(for: error)
        let message = CloseCommand.fullMessage(for: error)  // "Error: ..." or the help text
        if !message.isEmpty { write(message + "\n", toError: code != .success) }
        Foundation.exit(code.rawValue)
    }
}

/// `print` inside CloseCLI, shadowing the standard library's: every line a command prints
/// passes through `Terminal` (and so through `SafeText.visible`).
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Terminal.write(items.map { "\($0)" }.joined(separator: separator) + terminator)
}
