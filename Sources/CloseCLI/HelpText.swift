import Foundation

/// Help texts are written in the source wrapped at its line length; argument-parser wraps
/// them again at the terminal's width, keeping every newline, which left ragged lines ("...
/// closed with the\ndemo's ..."). `flowed` joins the lines of each paragraph so that the
/// parser's wrapping is the only one.
enum HelpText {
    /// Lines of a paragraph joined with spaces. A blank line ends a paragraph; a line that
    /// starts with "- ", "$ " or two spaces (a list item, a command, an example) keeps its own line.
    static func flowed(_ text: String) -> String {
        var out: [String] = []
        var joinable = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                out.append("")
                joinable = false
            } else if joinable && !startsOwnLine(line) {
                out[out.count - 1] += " " + trimmed
            } else {
                out.append(String(line))
                joinable = true
            }
        }
        return out.joined(separator: "\n")
    }

    private static func startsOwnLine(_ line: Substring) -> Bool {
        line.hasPrefix("- ") || line.hasPrefix("$ ") || line.hasPrefix("  ")
    }
}
