import LedgerCore

/// The records the assembler fills while their elements are open: text as written (trimmed),
/// each with the line it was on, so a refusal can name it.
/// An element path as the open elements' names (`Line[2]`): kept as the array, which costs a
/// reference, and joined only when an error names it.
struct SAFTPath: Sendable {
    var elements: [String]
    var text: String { elements.joined(separator: "/") }
    func appending(_ name: String) -> String { text + "/" + name }
}

struct SAFTField: Sendable {
    var value: String
    var line: Int
    var path: SAFTPath
}

struct SAFTAccountRecord {
    var line: Int
    var path: SAFTPath
    var fields: [String: SAFTField] = [:]
}

struct SAFTPartyRecord {
    var isCustomer: Bool
    var id = ""
    var name = ""
    /// The BalanceAccount being read, and the opening balances read (account, amount).
    var balance: [String: SAFTField] = [:]
    var openings: [(account: String, amountMinor: Int64)] = []
}

struct SAFTAmountRecord {
    var amount: SAFTField?
    var currencyCode: SAFTField?
    var currencyAmount: SAFTField?
    var exchangeRate: SAFTField?
}

struct SAFTTaxRecord {
    var fields: [String: String] = [:]
    var amount: SAFTField?
}

struct SAFTLineRecord {
    var line: Int
    var path: SAFTPath
    var fields: [String: SAFTField] = [:]
    var debit: SAFTAmountRecord?
    var credit: SAFTAmountRecord?
    var taxes: [String] = []
    /// The AnalysisType of the Analysis being read, and the partner an `IC` one names.
    var analysisType = ""
    var partner: String?
}

struct SAFTTransactionRecord {
    var line: Int
    var path: SAFTPath
    var journalID: String
    var fields: [String: SAFTField] = [:]
    var lines: [EntryLine] = []
    var lineLines: [Int] = []
    /// "EUR 1000.00 at 11.5" for a line in a foreign currency, else empty.
    var foreignNotes: [String] = []
}

extension String {
    /// Without ASCII white space at either end (SAF-T codes, ids, amounts and dates).
    var saftTrimmed: String {
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) else { return "" }
        let last = bytes.lastIndex(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) })!
        if first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) { return self }
        return String(self[first...last])
    }
}
