import ArgumentParser
import Foundation
import CloseEngine
import Interchange
import LedgerCore
import LedgerStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import books kept elsewhere.", subcommands: [SAFTImportCommand.self])
}

struct SAFTImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "saft",
        abstract: "Post a Norwegian SAF-T Financial file (1.10 or 1.30): the opening balances and every transaction, all or nothing.",
        discussion: HelpText.flowed("""
        Into the ledger --db names, whose group must hold the company (--entity, default NO and its
        registration number) and every account of the file; or, with --group FILE, into a new ledger
        made from that group file (users, the accounts the policy names) with the file's company and
        accounts added. A file whose opening balances, movements and closing balances disagree, or
        with a transaction that does not balance, is refused, listing each difference; with
        --accept-differences it is imported, the trial balance set to the file's closing balances
        and the differences booked to the policy's suspense account for the close to clear
        (docs/file-formats.md, "SAF-T Financial").
        """))
    @OptionGroup var store: StoreOptions
    @OptionGroup var identity: IdentityOptions
    @Argument(help: ArgumentHelp("The SAF-T Financial XML file.", valueName: "FILE"), completion: .file(extensions: ["xml"])) var file: String
    @Option(help: ArgumentHelp("The entity to book to (default: NO and the company's registration number).", valueName: "CODE"))
    var entity: String?
    @Option(help: ArgumentHelp("Make a new ledger at --db from this group file and the SAF-T file.", valueName: "FILE"), completion: .file(extensions: ["yaml", "yml"]))
    var group: String?
    @Flag(help: "Import a file that disagrees with itself, booking the differences to suspense.")
    var acceptDifferences = false
    @Flag(help: "No progress on standard error.") var quiet = false

    func run() throws {
        if group == nil && !FileManager.default.fileExists(atPath: store.path) { _ = try store.open() }
        let progress = Progress("importing \(file)", unit: "lines of the file", quiet: quiet)
        var reached = 0
        let outcome = try SAFTImport.run(file: file, db: store.path, group: group, entity: entity, user: try identity.required(),
                                         acceptDifferences: acceptDifferences, clock: store.clock) { line in
            reached = line
            progress.update(line)
        }
        progress.finish(reached)
        let books = outcome.books
        if outcome.created { print("created \(store.path) with entity \(books.entity.code) (\(books.entity.currency)) and \(books.accounts.count) accounts of the file") }
        print("\(file): SAF-T \(books.version.rawValue), \(books.entity.name) (\(books.registrationNumber)), \(books.selectionStart) to \(books.selectionEnd)")
        print("posted \(outcome.summary.entriesPosted) entries (\(outcome.summary.linesPosted) lines), skipped \(outcome.summary.entriesSkipped) entries already posted"
              + (books.zeroLinesSkipped > 0 ? "; left out \(books.zeroLinesSkipped) lines of zero amount" : ""))
        if let account = outcome.differenceAccount, !books.differences.isEmpty {
            print("the file disagrees with itself in \(books.differences.count) place(s); accepted and booked to suspense \(account), which the close must clear:")
            for difference in books.differences { print("  line \(difference.line): \(difference.message)") }
        }
    }
}
