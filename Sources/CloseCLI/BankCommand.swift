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

        @Flag(help: "No progress on standard error.") var quiet = false

        func run() throws {
            let ledger = try store.open()
            var account: BankAccount?
            if let entity, let code = self.account {
                guard let bank = ledger.group.bankAccount(entity: entity, account: code) else {
                    throw LedgerError(.unknownAccount, "\(entity)/\(code) is not a bank account of the group (see bank_accounts)", at: SourceLocation(field: "--account"))
                }
                account = bank
            }
            let actor = try identity.writer(in: ledger)
            let progress = Progress("importing \(file)", unit: "bytes", quiet: quiet)
            let outcome: StatementImport.Outcome
            do {
                // Read and stored statement by statement in one transaction (StatementImport):
                // memory stays bounded, and any refusal still imports nothing.
                outcome = try StatementImport.run(file: file, into: ledger, actor: actor, account: account, progress: progress.update)
                progress.finish()
            } catch let refusal as StatementImport.Refusal {
                progress.clearLine()
                for note in refusal.notes { Terminal.write("note: \(note)\n", toError: true) }
                for issue in refusal.otherBlocking { Terminal.write("Error: \(issue)\n", toError: true) }
                throw refusal.cause
            }
            for note in outcome.notes { Terminal.write("note: \(note)\n", toError: true) }
            let summary = outcome.summary
            print("imported \(summary.imported) statement(s) with \(summary.lines) lines from \(file); \(summary.unchanged) already imported")
            let earlier = Dictionary(summary.sameAsEarlier.map { ($0.statementID, $0) }, uniquingKeysWith: { first, _ in first })
            for statement in outcome.statements {
                print("  \(statement.entity)/\(statement.account) \(statement.id): \(statement.openingDate) \(Amounts.grouped(statement.openingMinor, statement.currency)) -> \(statement.closingDate) \(Amounts.grouped(statement.closingMinor, statement.currency)) \(statement.currency), \(statement.lineCount) lines")
                if let same = earlier[statement.id] {
                    print("    already imported as statement \(same.earlierID) from \(same.earlierSource) by \(same.earlierImportedBy) (same account, balances and lines): not imported again")
                }
            }
        }
    }
}
