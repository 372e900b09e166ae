import Foundation
import LedgerCore

// The records the assembler fills while their elements are open: text as written (trimmed),
// each with the line it was on, so a refusal can name it.

/// An element path (`AuditFile/GeneralLedgerEntries/Journal[1]/Transaction[3]/Line[2]`): the
/// element's name and number under the path of its parent, shared by all its children. Most
/// elements are leaves and make no node; the text is joined only when an error names it.
struct SAFTPath: Sendable {
    var parent: SAFTPathNode?
    var name: String
    /// The element's number among its parent's children of its name, 0 when not numbered.
    var index: Int

    init(parent: SAFTPathNode?, name: String, index: Int) {
        self.parent = parent
        self.name = name
        self.index = index
    }

    /// A path already written out.
    init(text: String) {
        self.init(parent: nil, name: text, index: 0)
    }

    var text: String {
        var parts = [SAFTPath.shown(name, index)]
        var node = parent
        while let current = node {
            parts.append(SAFTPath.shown(current.name, current.index))
            node = current.parent
        }
        return parts.reversed().joined(separator: "/")
    }

    func appending(_ name: String) -> String { text + "/" + name }

    static func shown(_ name: String, _ index: Int) -> String { index > 0 ? "\(name)[\(index)]" : name }
}

/// An open element with children, as its children's paths refer to it.
final class SAFTPathNode: Sendable {
    let parent: SAFTPathNode?
    let name: String
    let index: Int

    init(parent: SAFTPathNode?, name: String, index: Int) {
        self.parent = parent
        self.name = name
        self.index = index
    }
}

struct SAFTField: Sendable {
    var value: String
    var line: Int
    var path: SAFTPath
}

/// A leaf of a Line or Transaction: its text and line only. Its path is its record's path and
/// its name, made when an error names it (a path per leaf, a million Lines of them, retained
/// and released a parent node and a name each).
struct SAFTLeaf {
    var value: String
    var line: Int
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
    var amount: SAFTLeaf?
    var currencyCode: SAFTLeaf?
    var currencyAmount: SAFTLeaf?
    var exchangeRate: SAFTLeaf?
}

struct SAFTTaxRecord {
    var fields: [String: String] = [:]
    var amount: SAFTLeaf?
}

/// A Line's leaves that become the entry line, each a property of its own: a Line closes a
/// million times in a large file, and a dictionary per Line was a fifth of the reading.
struct SAFTLineRecord {
    var line: Int
    var path: SAFTPath
    var accountID: SAFTLeaf?
    var description: SAFTLeaf?
    var customerID: SAFTLeaf?
    var supplierID: SAFTLeaf?
    var sourceDocumentID: SAFTLeaf?
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
    var transactionID: SAFTLeaf?
    var transactionDate: SAFTLeaf?
    var description: SAFTLeaf?
    var lines: [EntryLine] = []
    var lineLines: [Int] = []
    /// "EUR 1000.00 at 11.5" for each line in a foreign currency, by its index in `lines`
    /// (most transactions have none, and then no storage).
    var foreignNotes: [Int: String] = [:]

    init(line: Int, path: SAFTPath, journalID: String) {
        self.line = line
        self.path = path
        self.journalID = journalID
        // Room for a typical transaction's lines at once, rather than growing by 1, 2, 4.
        lines.reserveCapacity(4)
        lineLines.reserveCapacity(4)
    }
}

extension SAFTField {
    /// The text of a leaf without ASCII white space at either end, trimmed before the String
    /// is made.
    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let kept = trimmed(bytes)
        guard !kept.isEmpty else { return "" }
        return String(decoding: kept, as: UTF8.self)
    }

    /// The text of a leaf, as `known` itself when it is the same text: a String shared (a
    /// retain) instead of one made (a malloc and a copy, and a free once posted).
    static func text(_ bytes: UnsafeBufferPointer<UInt8>, sameAs known: String?) -> String {
        let kept = trimmed(bytes)
        guard !kept.isEmpty else { return "" }
        if var known {
            let same = known.withUTF8 { knownBytes in
                knownBytes.count == kept.count && memcmp(knownBytes.baseAddress!, kept.baseAddress!, kept.count) == 0
            }
            if same { return known }
        }
        return String(decoding: kept, as: UTF8.self)
    }

    /// `bytes` without ASCII white space at either end.
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }
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
