import Crypto
import Foundation
import Interchange
import LedgerCore
import LedgerStore

/// Writes generated books as the files a real close would receive: journals, rates, bank
/// statements (CSV and camt.053), the goods-receipt log, the counterparties, the bank truth,
/// and the manifest of faults with its ground truth (docs/scenario-format.md, "Output").
public enum ScenarioFiles {
    public struct Written: Sendable, Hashable {
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    /// Writes every file under `directory` (created if missing) and returns them, manifest last.
    @discardableResult
    public static func write(_ books: GeneratedBooks, to directory: String) throws -> [Written] {
        let files = try contents(of: books)
        for file in files { try store(file.bytes, at: directory + "/" + file.path) }
        return files.map { Written(path: $0.path, bytes: $0.bytes.count, sha256: sha256($0.bytes)) }
    }

    /// Every file's path and bytes, manifest last: what `write` puts on disk.
    public static func contents(of books: GeneratedBooks) throws -> [(path: String, bytes: [UInt8])] {
        var files: [(path: String, bytes: [UInt8])] = []
        for journal in books.journals {
            files.append(("journal/\(journal.period).csv", JournalCSV.write(journal.entries)))
        }
        files.append(("rates.csv", RatesCSV.write(books.rates)))
        for statement in books.statements {
            files.append(("bank/\(statement.id).csv", try BankStatementCSV.write([statement])))
            files.append(("bank/\(statement.id).camt053.xml", Camt053Writer.write(statement, messageID: "MSG-\(statement.id)")))
        }
        files.append(("goods-received.csv", goodsReceipts(books.goodsReceipts)))
        files.append(("counterparties.csv", counterparties(books.counterparties)))
        files.append(("truth/bank.csv", bankTruth(books.bankTruth)))
        let listed = files.map { Written(path: $0.path, bytes: $0.bytes.count, sha256: sha256($0.bytes)) }
        files.append(("manifest.json", try Manifest(books, files: listed).encoded()))
        return files
    }

    static func goodsReceipts(_ receipts: [GoodsReceipt]) -> [UInt8] {
        var writer = CSVWriter(header: ["receipt_id", "entity", "supplier", "date", "currency", "amount", "account", "description", "invoice"])
        for receipt in receipts {
            writer.row([receipt.id, receipt.entity, receipt.supplier, receipt.date.description, receipt.currency.code,
                        Decimal10.format(receipt.amountMinor, scale: receipt.currency.exponent), receipt.account,
                        receipt.description, receipt.invoice ?? ""])
        }
        return writer.bytes
    }

    static func counterparties(_ parties: [Counterparty]) -> [UInt8] {
        var writer = CSVWriter(header: ["counterparty_id", "name", "entity", "kind", "country", "payment_terms_days"])
        for party in parties {
            writer.row([party.id, party.name, party.entity, party.kind.rawValue, party.country, String(party.paymentTermsDays)])
        }
        return writer.bytes
    }

    static func bankTruth(_ truth: [BankTruth]) -> [UInt8] {
        var writer = CSVWriter(header: ["entity", "account", "statement_id", "bank_reference", "status", "entry_ids", "fault"],
                               reservingRows: truth.count)
        for item in truth {
            writer.row([item.entity, item.account, item.statement ?? "", item.bankReference ?? "", item.status.rawValue,
                        item.entryIDs.joined(separator: " "), item.fault ?? ""])
        }
        return writer.bytes
    }

    private static func store(_ bytes: [UInt8], at path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    static func sha256(_ bytes: [UInt8]) -> String { Hex.encode(Array(SHA256.hash(data: bytes))) }
}
