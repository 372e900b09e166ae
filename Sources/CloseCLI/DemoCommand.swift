import ArgumentParser
import Foundation
import Interchange
import LedgerCore
import LedgerStore

/// The main job a newcomer runs: a fresh ledger for Acme Group, a month of books imported
/// from journal and rates CSV, a correction by reversal, the period soft-closed and closed
/// for every entity, the trial balances, and the audit chain verified.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Close May 2026 for the built-in Acme Group, start to finish.",
        discussion: """
        Writes a fresh ledger (default ./close-demo.db; an earlier demo ledger there is replaced),
        imports opening balances, rates and the month's journal, reverses a duplicate entry as bob,
        soft-closes and closes 2026-05 for every entity, prints each trial balance and verifies
        the audit chain. Set CLOSE_NOW for identical output on every run.
        """)

    @Option(name: .long, help: ArgumentHelp("Where to write the demo ledger.", valueName: "PATH"))
    var db: String = "./close-demo.db"

    func run() throws {
        let clock = StoreOptions().clock
        try replaceEarlierDemo()
        let group = DemoGroup.definition()
        let ledger = try LedgerStore.create(at: db, group: group, clock: clock)
        print("close demo: \(group.name), period \(DemoBooks.period), ledger \(db)")
        print("  entities: " + group.entities.map { "\($0.code) (\($0.currency))" }.joined(separator: ", "))

        let rates = try RatesCSV.parse(Array(DemoBooks.ratesCSV.utf8), file: "demo-rates.csv")
        let rateSummary = try ledger.importRates(rates.quotes, actor: "alice", source: "demo-rates.csv")
        print("1. rates imported as alice: \(rateSummary.imported) quotes")

        for (name, csv) in [("demo-opening-2026-04.csv", DemoBooks.openingCSV), ("demo-journal-2026-05.csv", DemoBooks.mayCSV)] {
            let parsed = try JournalCSV.parse(Array(csv.utf8), file: name, group: group)
            let summary = try ledger.post(parsed.drafts, actor: "alice", batch: name)
            print("2. \(name) posted as alice: \(summary.entriesPosted) entries, \(summary.linesPosted) lines")
        }
        let again = try JournalCSV.parse(Array(DemoBooks.mayCSV.utf8), file: "demo-journal-2026-05.csv", group: group)
        let replay = try ledger.post(again.drafts, actor: "alice", batch: "demo-journal-2026-05.csv (again)")
        print("3. the same journal imported again: \(replay.entriesPosted) posted, \(replay.entriesSkipped) skipped (idempotent by entry_id)")

        let duplicate = try ledger.entry("US-RENT-05-DUP")
        let reversal = try ledger.reverse("US-RENT-05-DUP", actor: "bob", reason: "rent for May was entered twice")
        print("4. bob reversed \(duplicate.ref.document) (duplicate rent) with \(reversal.document)")

        try ledger.setPeriodState(DemoBooks.period, to: .softClosed, entity: nil, actor: "bob", reason: "cut-off")
        try ledger.setPeriodState(DemoBooks.period, to: .closed, entity: nil, actor: "carol", reason: "May 2026 closed")
        let states = try ledger.periodStatus(DemoBooks.period).map { "\($0.entity) \($0.state.rawValue)" }
        print("5. period \(DemoBooks.period) soft-closed by bob, closed by carol: " + states.joined(separator: ", "))

        print("6. trial balances at the end of \(DemoBooks.period):\n")
        for entity in group.entities {
            print(try TrialBalanceReport.table(try ledger.trialBalance(entity: entity.code, period: DemoBooks.period)))
            print("")
        }
        let audit = try ledger.verifyAudit()
        guard audit.isIntact else { throw LedgerError(.auditBroken, "audit chain broken: \(audit.firstProblem ?? "")") }
        print("7. audit chain verified: \(audit.eventsChecked) events, \(audit.entriesChecked) entries, \(audit.linesChecked) lines")
        try ledger.close()
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
