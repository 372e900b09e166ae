import ArgumentParser
import CloseEngine
import Interchange
import LedgerCore
import LedgerStore

/// `close goods import FILE`: the goods-receipt log into the ledger, where the accruals
/// agent finds the receipts not invoiced at month end.
struct GoodsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goods", abstract: "Goods receipts.", subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a goods-receipt log (receipt_id,entity,supplier,date,currency,amount,account,description,invoice): all or nothing, each receipt once.",
            discussion: HelpText.flowed("""
            An empty invoice means the goods are received but not invoiced: the accruals step of
            the close accrues them at month end. Every receipt must name an operating entity and
            an account of the group, with a positive amount of no more decimals than its
            currency; any problem refuses the whole file and changes nothing. A receipt already
            imported with the same content is skipped; the same receipt_id with other content
            (an invoice number added later, another amount) is refused.
            """))
        @OptionGroup var store: StoreOptions
        @OptionGroup var identity: IdentityOptions
        @Argument(help: ArgumentHelp("The goods-receipt CSV file.", valueName: "FILE"), completion: .file(extensions: ["csv"])) var file: String

        @Flag(help: "No progress on standard error.") var quiet = false

        func run() throws {
            let ledger = try store.open()
            let actor = try identity.writer(in: ledger)
            let progress = Progress("importing \(file)", unit: "bytes", quiet: quiet)
            // Read and stored chunk by chunk in one transaction: bounded memory, all or nothing.
            let outcome = try GoodsReceiptImport.run(file: file, into: ledger, actor: actor, progress: progress.update)
            progress.finish()
            let summary = outcome.summary
            print("\(file): imported \(summary.imported) goods receipts, \(summary.unchanged) already imported; \(outcome.notInvoiced) of \(outcome.receipts) not invoiced")
        }
    }
}
