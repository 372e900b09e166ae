import Foundation
import Testing
@testable import CloseCLI

/// Progress on standard error (issue 18): silent for short work and with --quiet, a plain line
/// every five seconds in a log, redrawn in place on a terminal and cleared before other output.
@Suite struct ProgressTests {
    /// A clock the test moves by hand, and what the progress wrote.
    final class Harness {
        let start = ContinuousClock.now
        var elapsed: Duration = .zero
        var written: [String] = []

        func progress(total: Int? = nil, quiet: Bool = false, onTerminal: Bool = false) -> CloseCLI.Progress {
            CloseCLI.Progress("importing x.csv", unit: "lines", total: total, quiet: quiet, onTerminal: onTerminal,
                     now: { self.start + self.elapsed }, write: { self.written.append($0) })
        }
    }

    @Test func shortWorkStaysSilent() {
        let harness = Harness()
        let progress = harness.progress()
        harness.elapsed = .milliseconds(900)
        progress.update(500)
        progress.finish(600)
        #expect(harness.written.isEmpty)
    }

    @Test func aLogGetsAPlainLineEveryFiveSecondsWithCountRateAndTimeLeft() {
        let harness = Harness()
        let progress = harness.progress(total: 1_000_000)
        harness.elapsed = .seconds(2)
        progress.update(200_000)
        harness.elapsed = .seconds(4)
        progress.update(400_000)  // within five seconds of the last line: not shown
        harness.elapsed = .seconds(8)
        progress.update(800_000)
        progress.finish(1_000_000)
        #expect(harness.written == [
            "importing x.csv: 200,000 of 1,000,000 lines (20%), 8.0 s left, 100,000/s, 2.0 s\n",
            "importing x.csv: 800,000 of 1,000,000 lines (80%), 2.0 s left, 100,000/s, 8.0 s\n",
            "importing x.csv: 1,000,000 of 1,000,000 lines (100%), 125,000/s, 8.0 s\n",
        ])
    }

    @Test func quietWritesNothing() {
        let harness = Harness()
        let progress = harness.progress(total: 10, quiet: true, onTerminal: true)
        harness.elapsed = .seconds(30)
        progress.update(5, detail: "accruals/US01")
        progress.clearLine()
        progress.finish(10)
        #expect(harness.written.isEmpty)
    }

    @Test func aTerminalLineIsRedrawnWithWhatIsBeingDoneAndClearedBeforeOtherOutput() {
        let harness = Harness()
        let progress = harness.progress(onTerminal: true)
        harness.elapsed = .seconds(2)
        progress.update(3, detail: "error-resolution/US01")
        #expect(harness.written.last == "\rimporting x.csv: 3 lines, 1/s, 2.0 s: error-resolution/US01")
        progress.clearLine()
        let width = "importing x.csv: 3 lines, 1/s, 2.0 s: error-resolution/US01".count
        #expect(harness.written.last == "\r" + String(repeating: " ", count: width) + "\r")
        progress.clearLine()  // nothing drawn since: nothing to clear
        #expect(harness.written.count == 2)
    }

    @Test func aHostileDetailIsShownNotObeyed() {
        let harness = Harness()
        let progress = harness.progress()
        harness.elapsed = .seconds(2)
        progress.update(1, detail: "task\u{1B}[2J")
        #expect(harness.written.count == 1)
        #expect(!harness.written[0].contains("\u{1B}"))
    }
}
