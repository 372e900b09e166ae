import ArgumentParser
import Interchange
import LedgerCore
import LedgerStore

/// `close export saft`: one entity's books for a period or a range of periods as SAF-T 1.30.
struct SAFTExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "saft",
        abstract: "Write one entity's books as Norwegian SAF-T Financial 1.30.",
        discussion: HelpText.flowed("""
        The entity becomes the company, the chart the GeneralLedgerAccounts with their balances at
        the start and end of the selection, each posted entry a Transaction (TransactionID its
        document number, SourceDocumentID each line's reference). The file validates against the
        official 1.30 schema, and `close import saft` of it gives the same trial balance
        (docs/file-formats.md, "SAF-T Financial").
        """))
    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp("One period.", valueName: "YYYY-MM")) var period: PeriodID?
    @Option(help: ArgumentHelp("The first period of a range.", valueName: "YYYY-MM")) var from: PeriodID?
    @Option(help: ArgumentHelp("The last period of a range.", valueName: "YYYY-MM")) var to: PeriodID?
    @Option(help: ArgumentHelp("The entity.", valueName: "CODE"), completion: LedgerCompletion.entities) var entity: String
    @Option(help: ArgumentHelp("The file to write (default: standard output).", valueName: "FILE")) var out: String?

    func validate() throws {
        if period != nil {
            guard from == nil && to == nil else { throw ValidationError("give --period or --from and --to, not both") }
        } else {
            guard let from, let to else { throw ValidationError("give --period P, or --from P1 --to P2") }
            guard from <= to else { throw ValidationError("--from \(from) comes after --to \(to)") }
        }
    }

    func run() throws {
        let ledger = try store.open()
        let first = period ?? from!, last = period ?? to!
        let selected = try ExportSelection.entities(ledger, entity)[0]
        let books = SAFTExportBooks(
            entity: selected, accounts: ledger.group.accounts,
            openingMinor: try Self.opening(ledger, entity: selected.code, at: first),
            from: first, to: last,
            lines: try ledger.postedLines(entity: selected.code, from: first.firstDay, through: last.lastDay),
            partnerOpenings: try Self.partnerOpenings(ledger, entity: selected.code, at: first),
            created: try CalendarDate(parsing: String(store.clock.now().prefix(10))))
        let output = try OutputFile(out)
        do {
            try SAFTWriter.write(books) { try output.write($0) }
            try output.finish()
        } catch {
            output.abandon()
            throw error
        }
    }

    /// The opening balances by partner, as `opening` counts them: balance-sheet accounts since
    /// the first entry, revenue and expense since the fiscal year's start.
    static func partnerOpenings(_ ledger: LedgerStore, entity: String, at period: PeriodID) throws -> [(account: String, partner: String, amountMinor: Int64)] {
        let yearStart = period.fiscalYearStart(startMonth: ledger.group.fiscalYearStartMonth).firstDay
        let dayBefore = period.firstDay.adding(days: -1)
        let origin = try CalendarDate(year: 1, month: 1, day: 1)
        let sinceInception = try ledger.partnerBalances(entity: entity, from: origin, through: dayBefore)
        let sinceYearStart = yearStart < period.firstDay ? try ledger.partnerBalances(entity: entity, from: yearStart, through: dayBefore) : []
        return (sinceInception.filter { ledger.group.account($0.account)?.type.isBalanceSheet ?? true }
                + sinceYearStart.filter { !(ledger.group.account($0.account)?.type.isBalanceSheet ?? true) })
            .map { ($0.account, $0.partner, $0.functionalMinor) }
    }

    /// The balances at the start of `period`: the trial balance at the end of the one before,
    /// with revenue and expense starting again at zero when `period` opens a fiscal year.
    static func opening(_ ledger: LedgerStore, entity: String, at period: PeriodID) throws -> [String: Int64] {
        let startsYear = period == period.firstDay.period.fiscalYearStart(startMonth: ledger.group.fiscalYearStartMonth)
        var balances: [String: Int64] = [:]
        for row in try ledger.trialBalance(entity: entity, period: period.previous).rows
        where row.account != TrialBalance.priorYearsAccount && !(startsYear && !row.type.isBalanceSheet) {
            balances[row.account] = row.balanceMinor
        }
        return balances
    }
}
