import ArgumentParser
import CloseEngine
import Foundation
import Interchange
import LedgerCore
import LedgerStore

/// `close bank import FILE`: bank statements into the ledger, from the bank CSV format,
/// ISO 20022 camt.053 or SWIFT MT940 (recognised by content).
struct BankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bank", abstract: "Bank statements.", subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import bank statements (CSV, camt.053 001.02-001.08, MT940): all or nothing, each statement once.",
            discussion: HelpText.flowed("""
            A statement maps to a ledger bank account by its IBAN or account id in the group's
            bank_accounts, or by --entity and --account. Every statement must tie out (opening +
            lines = closing), be in the account's currency and have no more decimals than it;
            any blocking problem refuses the whole file and changes nothing. Importing the same
            statement again adds nothing, in whatever format: a statement of the same account
            with the same balances and lines (booking dates and amounts) is the one imported
            before; the same lines with other balances are refused.
            """))
        @OptionGroup var store: StoreOptions
        @OptionGroup var identity: IdentityOptions
        @Argument(help: ArgumentHelp("The statement file.", valueName: "FILE"), completion: .file(extensions: ["csv", "xml", "sta", "mt940", "txt"])) var file: String
        @Option(help: ArgumentHelp("The entity, for statements whose account id the group does not list.", valueName: "CODE"), completion: LedgerCompletion.entities) var entity: String?
        @Option(help: "The ledger bank account, with --entity.") var account: String?

        func validate() throws {
            guard (entity == nil) == (account == nil) else { throw ValidationError("--entity and --account go together") }
        }

        func run() throws {
            let ledger = try store.open()
            let bytes = try readFile(file)
            var result = try Self.read(bytes, file: file, group: ledger.group)
            if let entity, let account {
                guard let bank = ledger.group.bankAccount(entity: entity, account: account) else {
                    throw LedgerError(.unknownAccount, "\(entity)/\(account) is not a bank account of the group (see bank_accounts)", at: SourceLocation(field: "--account"))
                }
                for index in result.statements.indices {
                    result.statements[index].entity = entity
                    result.statements[index].account = account
                    result.statements[index].iban = bank.iban
                }
                // The mapping problems are solved by the options.
                result.issues.removeAll { $0.message.contains("no bank account of the group") }
            }
            for issue in result.issues where !issue.blocking { Terminal.write("note: \(issue)\n", toError: true) }
            let blocking = result.issues.filter(\.blocking)
            guard blocking.isEmpty else {
                for issue in blocking.dropFirst() { Terminal.write("Error: \(issue)\n", toError: true) }
                throw LedgerError(.invalidFile, "\(blocking[0].message) (\(blocking.count) blocking problem(s); nothing was imported)", at: blocking[0].location)
            }
            let summary = try ledger.importStatements(result.statements, source: file, actor: try identity.writer(in: ledger))
            print("imported \(summary.imported) statement(s) with \(summary.lines) lines from \(file); \(summary.unchanged) already imported")
            let earlier = Dictionary(summary.sameAsEarlier.map { ($0.statementID, $0) }, uniquingKeysWith: { first, _ in first })
            for statement in result.statements {
                print("  \(statement.entity)/\(statement.account) \(statement.id): \(statement.openingDate) \(Amounts.grouped(statement.openingMinor, statement.currency)) -> \(statement.closingDate) \(Amounts.grouped(statement.closingMinor, statement.currency)) \(statement.currency), \(statement.lines.count) lines")
                if let same = earlier[statement.id] {
                    print("    already imported as statement \(same.earlierID) from \(same.earlierSource) by \(same.earlierImportedBy) (same account, balances and lines): not imported again")
                }
            }
        }

        /// The format by its first bytes: XML is camt.053, a `:20:` field is MT940, else CSV.
        static func read(_ bytes: [UInt8], file: String, group: GroupDefinition) throws -> BankFileImport {
            // Without a byte order mark: spreadsheet programs and some banks write one.
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
            let head = String(decoding: body.prefix(512), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if head.hasPrefix("<") { return try Camt053Reader.read(bytes, file: file, group: group) }
            if head.contains(":20:") || head.hasPrefix("{1:") { return try MT940Reader.read(bytes, file: file, group: group) }
            let statements = try BankStatementCSV.parse(bytes, file: file, group: group)
            return BankFileImport(statements: statements, issues: statements.compactMap { statement in
                (try? statement.tieOutDifference()) == 0 ? nil
                    : BankFileIssue(location: SourceLocation(file: file, field: "balance"),
                                    message: "statement \(statement.id) does not tie out", statement: statement.id, blocking: true)
            })
        }
    }
}
