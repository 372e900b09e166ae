import CloseEngine
import Foundation
import Governance
import Interchange
import LedgerCore
import Simulation

/// Seeds generated from the built-in scenario `clean` (the demo group, May 2026): real-looking
/// files of every import format, cut small, because libFuzzer mutates short inputs faster.
public enum Generated {
    public static let clean: GeneratedBooks = {
        do {
            return try Generator.generate(BuiltInScenarios.scenario(named: "clean"))
        } catch {
            Property.fail("the built-in scenario 'clean' does not generate: \(error)")
        }
    }()

    public static func journals() -> [Seed] {
        clean.journals.map { Seed("generated-journal-\($0.period).csv", JournalCSV.write(Array($0.entries.prefix(12)))) }
    }

    public static func rates() -> [Seed] {
        [Seed("generated-rates.csv", RatesCSV.write(Array(clean.rates.prefix(40))))]
    }

    /// The statements with the fewest lines: every statement must tie out, so none is cut.
    static var smallStatements: [BankStatement] {
        Array(clean.statements.sorted { $0.lines.count < $1.lines.count }.prefix(3))
    }

    public static func bankCSV() -> [Seed] {
        smallStatements.compactMap { statement in
            (try? BankStatementCSV.write([statement])).map { Seed("generated-\(statement.id).csv", $0) }
        }
    }

    public static func camt053() -> [Seed] {
        smallStatements.map { Seed("generated-\($0.id).camt053.xml", Camt053Writer.write($0, messageID: "MSG-\($0.id)")) }
    }

    public static func goods() -> [Seed] {
        var writer = CSVWriter(header: GoodsReceiptsCSV.header)
        for receipt in clean.goodsReceipts.prefix(15) {
            writer.row([receipt.id, receipt.entity, receipt.supplier, receipt.date.description, receipt.currency.code,
                        Decimal10.format(receipt.amountMinor, scale: receipt.currency.exponent), receipt.account,
                        receipt.description, receipt.invoice ?? ""])
        }
        return [Seed("generated-goods-received.csv", writer.bytes)]
    }

    /// Proposals as `close show TASK --format json` prints them: entries taken from the
    /// generated journal, a period action, findings and evidence.
    public static func proposals() -> [Seed] {
        let entries = (clean.journals.last?.entries ?? []).prefix(3).map { draft in
            ProposedEntry(entity: draft.entity, date: draft.date.description, description: draft.description,
                          key: draft.idempotencyKey,
                          lines: draft.lines.map { line in
                              ProposedLine(account: line.account, currency: line.currency.code, amount: line.amountMinor,
                                           functionalAmount: line.functionalMinor, partner: line.partner,
                                           reference: line.reference, description: line.description)
                          },
                          rule: "fuzz-seed", confidence: 900, explanation: "an entry of the generated books")
        }
        let withEntries = Proposal(
            task: "accruals/US01", taskKind: "accruals", preparedBy: "bob", version: 2, summary: "edited accruals",
            entries: Array(entries), findings: [Finding(id: "F1", severity: .warning, message: "an unmatched line",
                                                        evidence: [Evidence(kind: "bank-line", id: "S1/3")])],
            evidence: [Evidence(kind: "entry", id: "US01-2026-000001")],
            impact: [ImpactRow(entity: "US01", account: "2100", currency: "USD", before: 0, after: -150_000)])
        let cutOff = Proposal(task: "cut-off", taskKind: "cut-off", preparedBy: "agent:cut-off", summary: "soft-close May",
                              periodActions: [PeriodAction(entity: "US01", period: "2026-05", target: .softClosed)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // As `close show --format json` prints them (snake_case, decimal amounts), the form
        // `close override --file` reads.
        return [("generated-proposal-accruals.json", withEntries), ("generated-proposal-cut-off.json", cutOff)].compactMap { name, proposal in
            (try? encoder.encode(ProposalDocument(proposal, group: FuzzGroups.demo))).map { Seed(name, [UInt8]($0)) }
        }
    }
}
