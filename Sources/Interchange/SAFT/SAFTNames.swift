import Foundation

/// Element names as Strings, made once per distinct name and found again by their bytes, so
/// that reading an element makes no String for its name. A file may hold any number of
/// distinct names; past `capacity` they are made each time and not kept, so the table stays
/// bounded whatever the file.
struct SAFTNames {
    /// Elements that repeat, numbered in paths (`Line[2]`): their slot in a parent's counts.
    static let numbered = ["Account", "Customer", "Supplier", "Journal", "Transaction", "Line", "TaxInformation"]
    static let capacity = 4_096

    private var slots = [Int32](repeating: -1, count: 2 * SAFTNames.capacity)
    private var stored: [UInt8] = []
    private var entries: [Entry] = []

    private struct Entry {
        var start: Int
        var count: Int
        var hash: UInt32
        var name: String
        var known: SAFTName
        var numbered: Int
    }

    /// The name for `bytes` (valid UTF-8, not empty), the name as the assembler knows it
    /// (`.other` for one it takes no notice of) and its slot in `numbered` (-1 if none).
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (name: String, known: SAFTName, numbered: Int) {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while slots[slot] >= 0 {
            // Field by field: a copy of the entry would retain and release its name.
            let at = Int(slots[slot])
            if entries[at].hash == hash && entries[at].count == bytes.count && matches(entries[at].start, bytes) {
                return (entries[at].name, entries[at].known, entries[at].numbered)
            }
            slot = (slot + 1) & mask
        }
        let name = String(decoding: bytes, as: UTF8.self)
        let numbered = Self.numbered.firstIndex(of: name) ?? -1
        let known = SAFTName(rawValue: name) ?? .other
        guard entries.count < Self.capacity else { return (name, known, numbered) }
        slots[slot] = Int32(entries.count)
        entries.append(Entry(start: stored.count, count: bytes.count, hash: hash, name: name, known: known, numbered: numbered))
        stored.append(contentsOf: bytes)
        return (name, known, numbered)
    }

    /// Whether the stored name at `start` is `bytes` (their counts are equal).
    private func matches(_ start: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let other = bytes.baseAddress else { return bytes.isEmpty }
        return stored.withUnsafeBufferPointer { stored in
            guard let base = stored.baseAddress else { return bytes.isEmpty }
            return memcmp(base + start, other, bytes.count) == 0
        }
    }
}

/// The element names the assembler acts on, so that it switches on a small number per
/// element instead of comparing and hashing Strings; every other name is `.other`.
enum SAFTName: String {
    case other = ""
    case auditFile = "AuditFile", header = "Header", generalLedgerEntries = "GeneralLedgerEntries"
    case generalLedgerAccounts = "GeneralLedgerAccounts", account = "Account"
    case customers = "Customers", customer = "Customer", suppliers = "Suppliers", supplier = "Supplier"
    case customerID = "CustomerID", supplierID = "SupplierID", name = "Name"
    case balanceAccount = "BalanceAccount", accountID = "AccountID"
    case openingDebitBalance = "OpeningDebitBalance", openingCreditBalance = "OpeningCreditBalance"
    case standardAccountID = "StandardAccountID"
    case journal = "Journal", journalID = "JournalID", transaction = "Transaction", line = "Line"
    case transactionID = "TransactionID", transactionDate = "TransactionDate", description = "Description"
    case sourceDocumentID = "SourceDocumentID"
    case debitAmount = "DebitAmount", creditAmount = "CreditAmount", amount = "Amount"
    case currencyCode = "CurrencyCode", currencyAmount = "CurrencyAmount", exchangeRate = "ExchangeRate"
    case analysis = "Analysis", analysisType = "AnalysisType", analysisID = "AnalysisID"
    case taxInformation = "TaxInformation", taxAmount = "TaxAmount"
    case debitTaxAmount = "DebitTaxAmount", creditTaxAmount = "CreditTaxAmount"
}
