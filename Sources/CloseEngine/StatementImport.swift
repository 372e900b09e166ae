import Foundation
import Interchange
import LedgerCore
import LedgerStore

/// `close bank import`: a bank file (CSV, camt.053 or MT940, told apart by its first bytes)
/// read statement by statement and stored as it is read, in one transaction: each format is
/// streamed (`BankStatementCSVStream`, `Camt053Reader.stream`, `MT940Reader.stream`), so
/// memory holds a statement and a block, not the file.
/// As before, any blocking problem in the file refuses all of it: the statements stored
/// before it are rolled back, and every problem is named.
public enum StatementImport {
    /// What the command shows of a statement, without its lines.
    public struct Heading: Sendable, Equatable {
        public var id: String
        public var entity: String
        public var account: String
        public var currency: Currency
        public var openingDate: CalendarDate
        public var openingMinor: Int64
        public var closingDate: CalendarDate
        public var closingMinor: Int64
        public var lineCount: Int

        init(_ statement: BankStatement) {
            (id, entity, account, currency) = (statement.id, statement.entity, statement.account, statement.currency)
            (openingDate, openingMinor, closingDate, closingMinor) = (statement.openingDate, statement.openingMinor,
                                                                      statement.closingDate, statement.closingMinor)
            lineCount = statement.lines.count
        }
    }

    public struct Outcome: Sendable, Equatable {
        public var summary: BankImportSummary
        public var statements: [Heading] = []
        /// Problems that do not keep a statement out, for the user to read.
        public var notes: [BankFileIssue] = []
    }

    /// The import was refused: `cause` says why (the first blocking problem, or the ledger's
    /// refusal); the notes and the other blocking problems read before it go with it.
    public struct Refusal: Error {
        public var cause: any Error
        public var notes: [BankFileIssue]
        public var otherBlocking: [BankFileIssue]
    }

    /// With `account`, every statement goes to that bank account of the group (`--entity` and
    /// `--account`), and the problems of mapping the file's account are moot.
    public static func run(file: String, into ledger: LedgerStore, actor: String, account: BankAccount? = nil,
                           buffer: ImportBuffer = .standard, progress: (ImportProgress) -> Void = { _ in }) throws -> Outcome {
        var gathering = Gathering(file: file, account: account)
        let summary: BankImportSummary
        do {
            summary = try ledger.importStatements(source: file, actor: actor) { store in
                try read(file, group: ledger.group, buffer: buffer, progress: progress) { statement, issues in
                    try gathering.take(statement, issues, store: store)
                }
                if let first = gathering.blocking.first {
                    let count = gathering.blocking.count
                    throw LedgerError(.invalidFile, "\(first.message) (\(count) blocking problem(s); nothing was imported)", at: first.location)
                }
            }
        } catch {
            throw Refusal(cause: error, notes: gathering.notes, otherBlocking: Array(gathering.blocking.dropFirst()))
        }
        return Outcome(summary: summary, statements: gathering.statements, notes: gathering.notes)
    }

    /// The statements and problems of the file, one statement at a time, in file order.
    private static func read(_ file: String, group: GroupDefinition, buffer: ImportBuffer, progress: (ImportProgress) -> Void,
                             take: (BankStatement?, [BankFileIssue]) throws -> Void) throws {
        let size = InputFile.size(atPath: file)
        switch try format(of: file) {
        case .camt053:
            try Camt053Reader.stream(path: file, group: group, account: nil, blockBytes: buffer.blockBytes,
                                     progress: { line, lines in progress(ImportProgress(done: line, total: lines, unit: "lines")) },
                                     take: take)
        case .mt940:
            try MT940Reader.stream(path: file, group: group, account: nil, blockBytes: buffer.blockBytes,
                                   progress: { progress(ImportProgress(done: $0, total: size, unit: "bytes")) }, take: take)
        case .csv:
            let stream = try BankStatementCSVStream(path: file, group: group, chunkLines: buffer.chunkRecords, blockBytes: buffer.blockBytes)
            while let statements = try stream.next() {
                for statement in statements {
                    let tiesOut = (try? statement.tieOutDifference()) == 0
                    try take(statement, tiesOut ? [] : [BankFileIssue(location: SourceLocation(file: file, field: "balance"),
                                                                      message: "statement \(statement.id) does not tie out", statement: statement.id, blocking: true)])
                }
                progress(ImportProgress(done: stream.bytesRead, total: size, unit: "bytes"))
            }
        }
    }

    enum Format { case csv, camt053, mt940 }

    /// The format by its first bytes: XML is camt.053, a `:20:` field is MT940, else CSV.
    static func format(of file: String) throws -> Format {
        guard let handle = FileHandle(forReadingAtPath: file) else { return .csv }  // the CSV reader names what is wrong
        defer { try? handle.close() }
        let bytes = [UInt8]((try? handle.read(upToCount: 515)) ?? Data())
        // Without a byte order mark: spreadsheet programs and some banks write one.
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        let head = String(decoding: body.prefix(512), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if head.hasPrefix("<") { return .camt053 }
        if head.contains(":20:") || head.hasPrefix("{1:") { return .mt940 }
        return .csv
    }

    /// The statements as they come: mapped to the given account, their problems sorted into
    /// notes and blocking ones, and stored while no blocking problem has been seen (after
    /// one, the file is refused at its end, so storing more would be wasted).
    private struct Gathering {
        let file: String
        let account: BankAccount?
        var statements: [Heading] = []
        var notes: [BankFileIssue] = []
        var blocking: [BankFileIssue] = []

        init(file: String, account: BankAccount?) {
            self.file = file
            self.account = account
        }

        mutating func take(_ read: BankStatement?, _ issues: [BankFileIssue], store: (BankStatement) throws -> Void) throws {
            var issues = issues
            var statement = read
            if let account {
                statement?.entity = account.entity
                statement?.account = account.account
                statement?.iban = account.iban
                // The mapping problems are solved by the options.
                issues.removeAll { $0.message.contains("no bank account of the group") }
            }
            notes += issues.filter { !$0.blocking }
            blocking += issues.filter(\.blocking)
            guard let statement else { return }
            statements.append(Heading(statement))
            if blocking.isEmpty { try store(statement) }
        }
    }
}
