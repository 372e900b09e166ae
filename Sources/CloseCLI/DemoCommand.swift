import ArgumentParser
import CloseEngine
import Foundation
import Governance
import Interchange
import LedgerCore
import LedgerStore
import Scoring
import Simulation

/// The main job a newcomer runs: the built-in demo month of Acme Group (the `demo`
/// scenario, with its injected faults) loaded into a fresh ledger and closed end to end,
/// every step decided by the scripted humans of the demo decisions file.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Close May 2026 for the built-in Acme Group, start to finish, with scripted decisions.",
        discussion: HelpText.flowed("""
        Writes a fresh ledger (--db, else $CLOSE_DB, else ./close-demo.db; an earlier demo ledger
        there is replaced, any other file is refused),
        loads the demo scenario (the prior month and May 2026 of four entities), runs the default
        close template with the demo decisions (bob and carol decide every step), prints the
        progress and the close summary, and verifies the audit chain. Set CLOSE_NOW for identical
        output on every run. Ends with the commands to look at what it did.
        """))

    @Option(name: .customLong("db"), help: ArgumentHelp("Where to write the demo ledger (default: $CLOSE_DB or ./close-demo.db).", valueName: "PATH"))
    var dbOption: String?

    /// Its own default, so a demo never replaces the ./close.db other commands use by default.
    var db: String { LedgerPath.named(dbOption) ?? "./close-demo.db" }
    @Option(help: "text (live progress) or json (one event per line).") var format: EventFormat = .text

    func run() throws {
        let clock = StoreOptions().clock
        try replaceEarlierDemo()
        let scenario = try BuiltInScenarios.scenario(named: "demo")
        let books = try Generator.generate(scenario)
        let (ledger, loaded) = try ScenarioClose.load(books, at: db, clock: clock)
        defer { try? ledger.close() }
        if format == .text {
            print("close demo: \(scenario.group.name), period \(scenario.period), ledger \(db)")
            print("loaded the demo scenario: \(loaded.entries) entries, \(loaded.lines) lines, \(loaded.rates) rates; \(books.faults.count) injected faults (manifest: `close scenario generate demo`)")
        }
        let result = try ScenarioClose.close(books, in: ledger, loaded: loaded, owner: "demo", events: EventPrinter(format: format).print)
        guard result.outcome == .closed else { throw LedgerError(.databaseState, "the demo close did not finish: \(result.outcome)") }
        let audit = try ledger.verifyAudit()
        guard audit.isIntact else { throw LedgerError(.auditBroken, "audit chain broken: \(audit.firstProblem ?? "")") }
        if format == .text {
            print(AmountText.grouped(try ScoredCloseSummary.of(result.run, store: ledger).text()), terminator: "")
            let states = try ledger.periodStatus(scenario.period).map { "\($0.entity) \($0.state.rawValue)" }
            print("period \(scenario.period): " + states.joined(separator: ", "))
            print("audit chain verified: \(audit.eventsChecked) events, \(audit.entriesChecked) entries, \(audit.linesChecked) lines; head \(audit.headHash)")
            print(Self.nextSteps(period: scenario.period, db: db), terminator: "")
        }
    }

    /// The commands a newcomer runs next, on this ledger.
    static func nextSteps(period: PeriodID, db: String) -> String {
        let scope = "--period \(period) --db \(ShellWord.quoted(db))"
        return """
        next, on this ledger:
          close status \(scope)
          close report close-summary \(scope)
          close report trial-balance \(scope) --entity US01
          close report statements \(scope) --consolidated
          close audit verify --db \(ShellWord.quoted(db))
        your own books: docs/your-own-books.md

        """
    }

    /// Replaces a previous demo ledger, but never a file that is not an Acme Group ledger.
    private func replaceEarlierDemo() throws {
        guard FileManager.default.fileExists(atPath: db) else { return }
        let existing = try LedgerStore.open(at: db)
        let name = existing.group.name
        try existing.close()
        guard name == DemoGroup.definition().name else {
            throw LedgerError(.databaseState, "\(db) holds the ledger of '\(name)', not an earlier demo; choose another --db")
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
    }
}
