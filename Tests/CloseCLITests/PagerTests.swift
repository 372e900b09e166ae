import Foundation
import Testing
@testable import CloseCLI

/// Long output on a terminal goes through $PAGER (issue 19: the whole proposal "paged when
/// long"); anything else, and a pager that cannot start, gets the text directly.
@Suite struct PagerTests {
    static let long = (1...60).map { "line \($0)" }.joined(separator: "\n") + "\n"
    static let terminal = Pager.Screen(isTerminal: true, rows: 24)

    /// What the pager received and what was written directly.
    static func show(_ text: String, screen: Pager.Screen, pager: String?) throws -> (paged: String?, direct: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pager-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        var environment: [String: String] = [:]
        if let pager { environment["PAGER"] = pager.replacingOccurrences(of: "FILE", with: "'\(file.path)'") }
        var direct = ""
        Pager.show(text, screen: screen, environment: environment, direct: { direct += $0 })
        let paged = FileManager.default.contents(atPath: file.path).map { String(decoding: $0, as: UTF8.self) }
        return (paged, direct)
    }

    @Test func longTextOnATerminalGoesThroughThePager() throws {
        let shown = try Self.show(Self.long, screen: Self.terminal, pager: "cat > FILE")
        #expect(shown.paged == Self.long)
        #expect(shown.direct.isEmpty)
    }

    @Test func aPipeShortTextOrCatGetTheTextDirectly() throws {
        let piped = try Self.show(Self.long, screen: Pager.Screen(isTerminal: false, rows: 24), pager: "cat > FILE")
        #expect(piped.paged == nil && piped.direct == Self.long)
        let short = try Self.show("one\ntwo\n", screen: Self.terminal, pager: "cat > FILE")
        #expect(short.paged == nil && short.direct == "one\ntwo\n")
        #expect(try Self.show(Self.long, screen: Self.terminal, pager: "cat").direct == Self.long)
        #expect(try Self.show(Self.long, screen: Self.terminal, pager: "  ").direct == Self.long)
    }

    @Test func aPagerThatCannotStartLeavesTheTextDirect() throws {
        let shown = try Self.show(Self.long, screen: Self.terminal, pager: "no-such-pager-\(UUID().uuidString)")
        #expect(shown.direct == Self.long)
    }

    @Test func escapeSequencesReachThePagerVisibleNotObeyed() throws {
        let shown = try Self.show("\u{1B}]0;owned\u{07}" + Self.long, screen: Self.terminal, pager: "cat > FILE")
        #expect(shown.paged?.contains("\u{1B}") == false)
        #expect(shown.paged?.hasSuffix(Self.long) == true)
    }
}
