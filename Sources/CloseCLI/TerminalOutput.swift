import ArgumentParser
import CloseEngine
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

    /// A table rendered with colour: its cells were made visible by `TextTable`, and the only
    /// escape sequences left are the colours it added, so it is written as it is.
    static func write(_ table: TextTable) {
        let coloured = table.colour != nil && TerminalColour.enabled
        let text = coloured ? table.render(colour: true) : SafeText.visible(table.render(), keepingLineBreaks: true)
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// The way `close` ends on an error: ArgumentParser's message and exit code, the message
    /// made visible (an unknown option, a file name or a refusal can quote hostile text).
    static func exit(with error: any Error) -> Never {
        let code = CloseCommand.exitCode(for: error)
        let message = (error as? LedgerError).map { "Error: " + CommandLineErrors.text($0) }
            ?? CloseCommand.fullMessage(for: error)  // "Error: ..." or the help text
        if !message.isEmpty { write(message + "\n", toError: code != .success) }
        Foundation.exit(code.rawValue)
    }
}

/// How a refusal reads on the command line. A location that names a file or a line stays
/// ("edited.json, field 'entries[0].lines[1].amount': ..."); one that names only the
/// command's own argument ("field 'TASK'", "field '--as'") is the engine's bookkeeping, and
/// the message already says which task or user it means, so it is left out.
enum CommandLineErrors {
    static func text(_ error: LedgerError) -> String {
        guard let location = error.location, location.file == nil, location.line == nil, let field = location.field,
              isArgumentName(field) else { return error.description }
        return error.message
    }

    /// An option (`--as`) or a positional argument's value name (`TASK`, `FILE`).
    static func isArgumentName(_ field: String) -> Bool {
        field.hasPrefix("--") || (!field.isEmpty && field.allSatisfy { $0.isUppercase || $0 == "_" || $0 == "." })
    }
}

/// `print` inside CloseCLI, shadowing the standard library's: every line a command prints
/// passes through `Terminal` (and so through `SafeText.visible`).
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Terminal.write(items.map { "\($0)" }.joined(separator: separator) + terminator)
}
