import ArgumentParser
import CloseEngine
import Interchange
import LedgerCore
import LedgerStore

struct RatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rates", abstract: "Import and list exchange rates.", subcommands: [Import.self, List.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a rates CSV file (date,from,to,rate[,type]): all rates or none.",
            discussion: "A rate already stored with the same value is skipped; a different value for the same date, pair and type is refused.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var identity: IdentityOptions
        @Argument(help: ArgumentHelp("The rates CSV file.", valueName: "FILE"), completion: .file(extensions: ["csv"])) var file: String

        @Flag(help: "No progress on standard error.") var quiet = false

        func run() throws {
            let ledger = try store.open()
            let actor = try identity.writer(in: ledger)
            let progress = Progress("importing \(file)", unit: "bytes", quiet: quiet)
            // Read and stored chunk by chunk in one transaction: bounded memory, all or nothing.
            let summary = try RatesImport.run(file: file, into: ledger, actor: actor, progress: progress.update)
            progress.finish()
            print("\(file): imported \(summary.imported) rates, \(summary.unchanged) already stored")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored rates.")
        @OptionGroup var store: StoreOptions
        @Option(help: "table, csv or json.") var format: OutputFormat = .table

        func run() throws {
            let quotes = try store.open().rates()
            let rows = quotes.map { [$0.date.description, $0.from.code, $0.to.code, $0.rate.description, $0.type.rawValue] }
            switch format {
            case .table:
                var table = TextTable(headers: ["date", "from", "to", "rate", "type"], rightAligned: [3])
                table.rows = rows
                print(table.render())
            case .csv:
                print(CSVOutput.line(["date", "from", "to", "rate", "type"]))
                rows.forEach { print(CSVOutput.line($0)) }
            case .json:
                struct Item: Encodable { let date, from, to, rate, type: String }
                print(try JSONOutput.encode(rows.map { Item(date: $0[0], from: $0[1], to: $0[2], rate: $0[3], type: $0[4]) }))
            }
        }
    }
}
