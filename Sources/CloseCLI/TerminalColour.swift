import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether `close` colours what it prints: only on a terminal that shows colour, never in a
/// pipe, a file, with $NO_COLOR set (no-color.org) or on TERM=dumb; $CLICOLOR_FORCE=1 asks for
/// colour where it is not a terminal (NO_COLOR still wins). Colour only repeats what the text
/// says (a state, a sign), so nothing is lost without it.
enum TerminalColour {
    static var enabled: Bool {
        decide(environment: ProcessInfo.processInfo.environment, isTerminal: isatty(STDOUT_FILENO) == 1)
    }

    static func decide(environment: [String: String], isTerminal: Bool) -> Bool {
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        if environment["CLICOLOR_FORCE"].map({ !$0.isEmpty && $0 != "0" }) == true { return true }
        return isTerminal && environment["TERM"] != nil
    }

    /// The colour of a task's or a period's state: done and closed green, waiting for a
    /// person yellow, rejected or decertified red, not started dim.
    static func state(_ text: String) -> String? {
        if text.contains("decertified") || text.hasPrefix("rejected") { return "31" }
        switch text {
        case "done", "closed": return "32"
        case "proposed", "soft-closed": return "33"
        case "pending", "open": return "2"
        default: return nil
        }
    }

    /// Red for a negative amount (a credit balance, a shortfall), nothing otherwise.
    static func amount(_ text: String) -> String? {
        text.hasPrefix("-") ? "31" : nil
    }
}
