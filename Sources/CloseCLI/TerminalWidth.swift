import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How wide the output may be: $COLUMNS when set to a sensible number, else the terminal's
/// own width (TIOCGWINSZ on standard output), else 100, the width a piped or logged table is
/// laid out for, so a file gets the same lines on every machine.
enum TerminalWidth {
    static let fallback = 100

    static var columns: Int {
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let value = Int(text), (20...1000).contains(value) {
            return value
        }
        guard isatty(STDOUT_FILENO) == 1 else { return fallback }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 else { return fallback }
        return Int(size.ws_col)
    }
}
