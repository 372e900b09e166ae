import Foundation
import LedgerCore

/// The ground-truth manifest (manifest.json): what was generated, the files with their
/// hashes, and every injected fault with the rows involved and what a correct close does.
/// Amounts are decimal strings; keys are sorted, so the same books give the same bytes.
struct Manifest: Encodable {
    let format = "close-scenario-manifest/1"
    let scenario: String
    let description: String
    /// Text: a UInt64 seed may exceed what JSON readers hold exactly in a number.
    let seed: String
    let scale: Int
    let group: String
    let period: String
    let counts: Counts
    let files: [File]
    let faults: [Fault]

    struct Counts: Encodable {
        let entities: Int
        let journal_entries: Int
        let journal_lines: Int
        let period_journal_lines: Int
        let bank_statements: Int
        let bank_lines: Int
        let intercompany_pairs: Int
        let rates: Int
        let goods_receipts: Int
        let faults: [String: Int]
    }

    struct File: Encodable {
        let path: String
        let bytes: Int
        let sha256: String
    }

    typealias Fault = TruthFault
    typealias Row = TruthRow
    typealias Line = TruthLine

    init(_ books: GeneratedBooks, files: [ScenarioFiles.Written]) {
        let scenario = books.scenario
        self.scenario = scenario.name
        description = scenario.description
        seed = String(scenario.seed)
        scale = scenario.scale
        group = scenario.group.name
        period = scenario.period.description
        var byKind: [String: Int] = [:]
        for kind in FaultKind.allCases { byKind[kind.rawValue] = books.faults.filter { $0.kind == kind }.count }
        counts = Counts(entities: scenario.group.entities.count, journal_entries: books.entryCount, journal_lines: books.lineCount,
                        period_journal_lines: books.journal(scenario.period)?.lineCount ?? 0,
                        bank_statements: books.statements.count, bank_lines: books.bankLineCount,
                        intercompany_pairs: books.intercompanyPairs, rates: books.rates.count,
                        goods_receipts: books.goodsReceipts.count, faults: byKind)
        self.files = files.map { File(path: $0.path, bytes: $0.bytes, sha256: $0.sha256) }
        faults = Self.faults(books)
    }

    /// The injected faults as the manifest lists them: also recorded in a ledger the books
    /// are loaded into (`ScenarioTruth`), for the close summary.
    public static func faults(_ books: GeneratedBooks) -> [TruthFault] {
        books.faults.map { fault in
            Fault(id: fault.id, kind: fault.kind.rawValue, entity: fault.entity, partner: fault.partner,
                  rows: fault.rows.map { row in
                      switch row {
                      case .journalEntry(let id): Row(journal_entry: id)
                      case .bankLine(let statement, let reference): Row(statement_id: statement, bank_reference: reference)
                      case .goodsReceipt(let id): Row(goods_receipt: id)
                      }
                  },
                  expected: fault.expected,
                  expected_entries: fault.expectedEntries.map { line in
                      Line(entity: line.entity, date: line.date.description, account: line.account, currency: line.currency.code,
                           amount: Decimal10.format(line.amountMinor, scale: line.currency.exponent), partner: line.partner)
                  })
        }
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(self)) + [UInt8(ascii: "\n")]
    }
}
