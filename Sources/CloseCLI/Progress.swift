import CloseEngine
import Foundation
import LedgerCore

/// Progress of long work on standard error: on a terminal one line redrawn in place with the
/// count, the rate and the time left; otherwise (a log, a pipe) a plain line every five
/// seconds; nothing when quiet. Standard output is never touched, so what a command prints
/// there stays byte-identical for the same input. The clock is the machine's: progress says
/// how long the work takes here, which no output depends on.
final class Progress {
    private let label: String
    /// What is counted; an import says it once it knows its file's format.
    var unit: String
    /// The units of the whole work, when known (it may become known on the way).
    var total: Int?
    private let quiet: Bool
    private let onTerminal: Bool
    private let now: () -> ContinuousClock.Instant
    private let write: (String) -> Void
    private let started: ContinuousClock.Instant
    private var lastShown: ContinuousClock.Instant?
    private var shownWidth = 0
    /// What is being done now (a task's id), shown after the figures.
    private var detail = ""
    /// The last count an import reported.
    private var lastDone = 0

    /// `onTerminal`, `now` and `write` are the machine's unless a test gives its own.
    init(_ label: String, unit: String, total: Int? = nil, quiet: Bool,
         onTerminal: Bool = isatty(STDERR_FILENO) != 0, now: @escaping () -> ContinuousClock.Instant = { .now },
         write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.label = label
        self.unit = unit
        self.total = total
        self.quiet = quiet
        self.onTerminal = onTerminal
        self.now = now
        self.write = write
        started = now()
    }

    /// `done` units so far; shown at most every 0.2 s on a terminal, 5 s elsewhere.
    func update(_ done: Int) {
        update(done, detail: detail)
    }

    /// `done` units so far, and what is being done now.
    func update(_ done: Int, detail: String) {
        guard !quiet else { return }
        self.detail = detail
        let now = now()
        if let lastShown, now - lastShown < (onTerminal ? .milliseconds(200) : .seconds(5)) { return }
        if lastShown == nil, now - started < .seconds(1) { return }  // short work stays silent
        lastShown = now
        show(done, final: false)
    }

    /// Clears the line drawn in place on a terminal, before other output is written there
    /// (it is drawn again at the next update); elsewhere progress lines are whole lines.
    func clearLine() {
        guard !quiet, onTerminal, shownWidth > 0 else { return }
        write("\r" + String(repeating: " ", count: shownWidth) + "\r")
        shownWidth = 0
    }

    /// The last line, once the work is done (only if a progress line was shown).
    func finish(_ done: Int) {
        guard !quiet, lastShown != nil else { return }
        show(done, final: true)
    }

    private func show(_ done: Int, final: Bool) {
        let elapsed = now() - started
        let seconds = max(0.001, Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
        let rate = Double(done) / seconds
        var text = "\(label): \(Self.grouped(done))"
        if let total, total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            text += " of \(Self.grouped(total)) \(unit) (\(Int(fraction * 100))%)"
            if onTerminal {
                let width = 20, filled = Int(fraction * Double(width))
                text = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] " + text
            }
            if !final, rate > 0 { text += ", \(Self.duration(Double(total - done) / rate)) left" }
        } else {
            text += " \(unit)"
        }
        text += ", \(Self.grouped(Int(rate)))/s, \(Self.duration(seconds))"
        if !final, !detail.isEmpty { text += ": \(detail)" }
        if onTerminal {
            // The carriage return is ours, so it is written around `Terminal`, which would show
            // it as text; the label and figures still pass through `SafeText.visible`.
            let line = SafeText.visible(text)
            let padding = String(repeating: " ", count: max(0, shownWidth - line.count))
            shownWidth = line.count
            write("\r" + line + padding + (final ? "\n" : ""))
        } else {
            write(SafeText.visible(text) + "\n")
        }
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    static func duration(_ seconds: Double) -> String {
        seconds < 60 ? String(format: "%.1f s", seconds) : "\(Int(seconds) / 60) min \(Int(seconds) % 60) s"
    }
}

extension Progress {
    /// An import's progress as the engine reports it; `finish()` ends it at the last count.
    func update(_ progress: ImportProgress) {
        unit = progress.unit
        total = progress.total
        lastDone = progress.done
        update(progress.done)
    }

    func finish() { finish(lastDone) }
}
