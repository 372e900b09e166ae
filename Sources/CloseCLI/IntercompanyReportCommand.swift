import ArgumentParser
import CloseEngine
import LedgerCore

struct IntercompanyReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intercompany",
        abstract: "Intercompany matching of every entity pair for a period: items matched, differences by reason code.",
        discussion: HelpText.flowed("""
        Runs the intercompany matcher read-only on the ledger as it stands; nothing is posted.
        Reason codes: timing, fx-difference, missing-counterpart, amount-dispute, wrong-partner.
        A reason's amount is the sum of its differences' magnitudes in the group currency.
        """))
    @OptionGroup var store: StoreOptions
    @Option(help: "The period, YYYY-MM.") var period: PeriodID
    @Option(help: "table, csv, json or html (one self-contained page).") var format: ReportFormat = .table

    func run() throws {
        let ledger = try store.open()
        let pairs = try IntercompanyReport.build(store: ledger, period: period)
        switch format {
        case .json: print(try JSONOutput.encode(pairs))
        case .html: print(IntercompanyReport.html(pairs, period: period), terminator: "")
        case .csv:
            print(CSVOutput.line(["pair", "matched", "matched_by_reference", "reason", "count", "amount", "currency"]))
            for pair in pairs {
                for reason in pair.reasons {
                    print(CSVOutput.line([pair.pair, String(pair.matched), String(pair.matchedByReference), reason.reason,
                                          String(reason.count), reason.amount, pair.currency]))
                }
            }
        case .table:
            let currency = pairs.first?.currency ?? ""
            let reasons = IntercompanyReport.reasonCodes
            var table = TextTable(headers: ["pair", "matched"] + reasons, rightAligned: Set(1...(1 + reasons.count)))
            table.rows = pairs.map { pair in [pair.pair, String(pair.matched)] + pair.reasons.map { "\($0.count) / \(Amounts.grouped(decimalText: $0.amount))" } }
            print("Intercompany matching \(period): differences per reason code, count / amount in \(currency)")
            print(table.render())
            for pair in pairs {
                for difference in pair.differences where difference.reason != "fx-difference" {
                    print("  \(pair.pair) [\(difference.reason)] \(difference.explanation)")
                }
            }
        }
    }
}
