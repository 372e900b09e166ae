import Foundation
import LedgerCore
import LedgerStore

/// One injected fault as manifest.json lists it: the rows involved and what a correct close
/// does about it. Amounts are decimal strings; the keys are the manifest's.
public struct TruthFault: Codable, Sendable, Equatable {
    public let id: String
    public let kind: String
    public let entity: String
    public let partner: String?
    public let rows: [TruthRow]
    public let expected: String
    public let expected_entries: [TruthLine]
}

/// One of: a journal entry id, a bank statement line, a goods receipt.
public struct TruthRow: Codable, Sendable, Equatable {
    public var journal_entry: String?
    public var statement_id: String?
    public var bank_reference: String?
    public var goods_receipt: String?

    /// The identifiers a proposal would name when it deals with this row.
    public var identifiers: [String] { [journal_entry, bank_reference, goods_receipt].compactMap { $0 } }
}

public struct TruthLine: Codable, Sendable, Equatable {
    public let entity: String
    /// YYYY-MM-DD: the day a correct close dates the entry. Absent in the truth of ledgers
    /// loaded before dates were recorded; such a line matches an entry of any date.
    public let date: String?
    public let account: String
    public let currency: String
    /// Signed decimal: positive is a debit.
    public let amount: String
    public let partner: String?
}

extension ScenarioTruth {
    /// What a ledger loaded from `books` records about them.
    static func of(_ books: GeneratedBooks) throws -> ScenarioTruth {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ScenarioTruth(scenario: books.scenario.name, seed: String(books.scenario.seed), period: books.scenario.period,
                             faults: String(decoding: try encoder.encode(Manifest.faults(books)), as: UTF8.self))
    }

    /// The recorded faults, decoded.
    public func decodedFaults() throws -> [TruthFault] {
        do {
            return try JSONDecoder().decode([TruthFault].self, from: Data(faults.utf8))
        } catch {
            throw LedgerError(.databaseState, "the ledger's scenario truth of \(scenario) does not read: \(error)")
        }
    }
}
