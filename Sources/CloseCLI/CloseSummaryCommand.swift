import ArgumentParser
import CloseEngine
import LedgerCore
import LedgerStore

struct CloseSummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close-summary",
        abstract: "What the close of a period did: per task who prepared and who decided what, when and why; entries, findings, duration.",
        discussion: """
        For books generated from a scenario, also each injected fault and what the close did
        about it: resolved (the entries the manifest expects were posted), accepted (a proposal a
        human approved names it), raised (named, not decided yet) or missed. The simulated duration
        is compared with APQC's median monthly close (6.4 business days). The HTML page is one
        self-contained file with a timeline of the close.
        """)
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
        let summary = try CloseSummary.of(run, store: ledger)
        switch format {
        case .table: print(summary.text(), terminator: "")
        case .json: print(try JSONOutput.encode(summary))
        case .html: print(summary.html(), terminator: "")
        }
    }
}
