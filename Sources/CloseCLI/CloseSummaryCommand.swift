import ArgumentParser
import CloseEngine
import LedgerCore
import LedgerStore
import Scoring

struct CloseSummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close-summary",
        abstract: "What the close of a period did: per task who prepared and who decided what, when and why; entries, findings, duration.",
        discussion: HelpText.flowed("""
        For books generated from a scenario, also each injected fault and what the close committed
        about it: resolved (the entries the manifest expects were posted, or its bank match made;
        by a human or without one), accepted (a human approved a finding that names it),
        posted-without-human (such a finding committed by an agent alone, within its limit),
        raised (waiting for a decision) or missed; with the agent expected to deal with it and
        the one that did (docs/close-process.md, "Injected faults in the close summary"). The
        simulated duration is compared with APQC's median monthly close (6.4 business days).
        The HTML page is one self-contained file with a timeline of the close.
        """))
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, html }

    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp("The period whose close run to summarise.", valueName: "YYYY-MM")) var period: PeriodID
    @Option(help: "table, json or html (one self-contained page).") var format: Format = .table

    func run() throws {
        let ledger = try store.open()
        guard let run = try ledger.closeRun(period: period) else {
            throw LedgerError(.invalidTransition, "no close run for \(period); start one with `close run --period \(period)`",
                              at: SourceLocation(field: "--period"))
        }
        let summary = try ScoredCloseSummary.of(run, store: ledger)
        switch format {
        case .table: print(AmountText.grouped(summary.text()), terminator: "")
        case .json: print(try JSONOutput.encode(summary))
        case .html: print(summary.html(), terminator: "")
        }
    }
}
