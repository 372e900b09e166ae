import LedgerCore

/// A SAF-T Financial file as the ledger takes it: the company as an entity, its accounts
/// typed for the group chart, and the entries to post (the opening balances first). What the
/// file said about itself that does not add up is in `differences`: the reader refuses a file
/// with any unless told to accept them, and then books them to a difference account.
public struct SAFTBooks: Sendable {
    public enum Version: String, Sendable { case v110 = "1.10", v130 = "1.30" }

    public var version: Version
    public var entity: Entity
    /// The company's registration number, as the file gives it.
    public var registrationNumber: String
    public var selectionStart: CalendarDate
    public var selectionEnd: CalendarDate
    public var accounts: [SAFTAccount]
    /// Customers and suppliers by id: the ledger has no counterparty register, so their
    /// names go onto the lines that name them.
    public var customers: [String: String]
    public var suppliers: [String: String]
    /// The opening entry (when any account opens with a balance), one entry per Transaction
    /// in file order, and, when differences are accepted, the entry that books them. Empty
    /// when the entries were delivered in chunks as they were read.
    public var drafts: [JournalEntryDraft]
    /// Where each draft and each of its lines came from, for errors the ledger raises later.
    public var origins: [SAFTOrigin]
    public var differences: [SAFTDifference]
    /// Lines with a zero amount, left out (the ledger refuses zero lines).
    public var zeroLinesSkipped: Int
    public var lineCount: Int
    public var transactionCount: Int
}

/// Entries handed over while the file is read (`SAFTReader.read(path:options:deliver:)`).
public struct SAFTChunk: Sendable {
    public var drafts: [JournalEntryDraft]
    public var origins: [SAFTOrigin]
}

/// One GeneralLedgerAccounts/Account.
public struct SAFTAccount: Sendable {
    public var account: Account
    /// Why it got its type: "StandardAccountID 19", "GroupingCode 1920", "AccountID 4000".
    public var typeSource: String
    public var openingMinor: Int64
    public var closingMinor: Int64
    public var line: Int
    public var path: String
}

/// The file line and element path of a draft and of each of its lines.
public struct SAFTOrigin: Sendable {
    public var line: Int
    /// The element path, written out only when an error names it (a String joined per
    /// Transaction was a twentieth of the reading).
    public var path: String { element.text }
    var element: SAFTPath
    public var lineLines: [Int]

    init(line: Int, path: String, lineLines: [Int]) {
        self.init(line: line, element: SAFTPath(text: path), lineLines: lineLines)
    }

    init(line: Int, element: SAFTPath, lineLines: [Int]) {
        self.line = line
        self.element = element
        self.lineLines = lineLines
    }
}

/// Something the file states that its own figures contradict.
public struct SAFTDifference: Sendable, Hashable {
    public enum Kind: String, Sendable { case accountBalance = "account", unbalancedTransaction = "transaction", unbalancedOpening = "opening", totals }
    public var kind: Kind
    /// The account or transaction it is about.
    public var subject: String
    /// By how much, in the company currency (expected minus found, as the message says).
    public var amountMinor: Int64
    public var message: String
    public var line: Int
    public var path: String
}

/// How to read a file.
public struct SAFTOptions: Sendable {
    /// The entity code to book to (default: "NO" and the registration number).
    public var entity: String?
    /// Where differences are booked when accepted; nil refuses a file with differences.
    public var differenceAccount: String?

    public init(entity: String? = nil, differenceAccount: String? = nil) {
        self.entity = entity
        self.differenceAccount = differenceAccount
    }
}
