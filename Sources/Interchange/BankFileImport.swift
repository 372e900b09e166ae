import LedgerCore

/// What a bank file reader found: the statements it could read, and the problems it saw
/// (a statement that does not tie out, a currency not the account's, an amount with more
/// decimals than its currency, an unknown account...). A blocking problem keeps its
/// statement out of the ledger; the import names every problem with its file and place.
public struct BankFileImport: Sendable, Hashable {
    public var statements: [BankStatement]
    public var issues: [BankFileIssue]

    public init(statements: [BankStatement], issues: [BankFileIssue]) {
        self.statements = statements
        self.issues = issues
    }

    /// The statements no blocking issue names.
    public var importable: [BankStatement] {
        let blocked = Set(issues.filter(\.blocking).compactMap(\.statement))
        return statements.filter { !blocked.contains($0.id) }
    }
}

public struct BankFileIssue: Sendable, Hashable, CustomStringConvertible {
    /// The file, the line (MT940) and the field or element path (camt.053: `Stmt[2]/Ntry[5]/Amt`).
    public var location: SourceLocation
    public var message: String
    /// The statement it concerns (its id), or nil for the file as a whole.
    public var statement: String?
    /// True when the statement cannot be imported as it is.
    public var blocking: Bool

    public init(location: SourceLocation, message: String, statement: String?, blocking: Bool) {
        self.location = location
        self.message = message
        self.statement = statement
        self.blocking = blocking
    }

    public var description: String { LedgerError(.invalidFile, message, at: location).description }
}
