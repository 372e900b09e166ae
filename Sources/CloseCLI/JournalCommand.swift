import ArgumentParser
import Foundation
import CloseEngine
import Interchange
import LedgerCore
import LedgerStore

struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal", abstract: "Import, list, show and reverse journal entries.",
        subcommands: [Import.self, JournalListCommand.self, Show.self, Reverse.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Post a journal CSV file: all entries or none.",
            discussion: HelpText.flowed("""
            Header: entry_id,entity,date,account,debit,credit,currency,description,reference,partner.
            Lines sharing an entry_id form one entry. An entry_id already posted with the same content
            is skipped, so importing a file twice posts it once; with different content the whole file
            is refused. On any error nothing is posted and the message names the file, line and field.
            """))
        @OptionGroup var store: StoreOptions
        @OptionGroup var identity: IdentityOptions
        @Argument(help: ArgumentHelp("The journal CSV file.", valueName: "FILE"), completion: .file(extensions: ["csv"])) var file: String
        @Flag(help: "No progress on standard error.") var quiet = false

        func run() throws {
            let ledger = try store.open()
            let actor = try identity.writer(in: ledger)
            // Read and posted chunk by chunk in one transaction: memory stays bounded
            // whatever the file's size, and a refusal anywhere still posts nothing.
            let chunks = JournalChunkPrefetcher(try JournalCSVStream(path: file, group: ledger.group))
            defer { chunks.cancel() }
            var last = (start: 0, chunk: ParsedJournal(drafts: [], fileLines: [], lineCount: 0))
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
            let progress = Progress("importing \(file)", unit: "bytes", total: size, quiet: quiet)
            let summary: PostingSummary
            do {
                summary = try ledger.post(chunks: {
                    progress.update(chunks.bytesRead)
                    guard let chunk = try chunks.next() else { return nil }
                    last = (last.start + last.chunk.drafts.count, chunk)
                    return chunk.drafts
                }, actor: actor, batch: file)
                progress.finish(chunks.bytesRead)
            } catch var error as LedgerError {
                // The refused entry is in the last chunk: the poster finishes a chunk before asking for the next.
                if let index = error.entryIndex { error.entryIndex = index - last.start }
                throw Self.locate(error, in: last.chunk, file: file)
            }
            print("\(file): posted \(summary.entriesPosted) entries (\(summary.linesPosted) lines), skipped \(summary.entriesSkipped) entries (\(summary.linesSkipped) lines) already posted")
            if let first = summary.posted.first, let last = summary.posted.last {
                print("documents \(first.document) ... \(last.document)")
            }
        }

        /// Turns "entry k, line j" from the ledger into the physical line of the file, and
        /// names the entry in the message.
        static func locate(_ error: LedgerError, in parsed: ParsedJournal, file: String) -> LedgerError {
            guard let entry = error.entryIndex, entry < parsed.fileLines.count else {
                return error.at(SourceLocation(file: file))
            }
            var located = parsed.locating(error, inEntry: entry, file: file)
            located.message = "entry '\(parsed.drafts[entry].idempotencyKey)': \(error.message)"
            return located
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one posted entry with its lines.")
        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("A document number (US01-2026-000001), an entry_id or a row id.", valueName: "ENTRY"))
        var entry: String
        @Option(help: "table or json.") var format: TableOrJSON = .table

        func run() throws {
            let ledger = try store.open()
            let posted = try ledger.entry(entry)
            let functional = ledger.group.entity(posted.ref.entity)?.currency ?? ledger.group.currency
            if format == .json {
                print(try JSONOutput.encode(Self.json(posted, functional: functional)))
                return
            }
            print("\(posted.ref.document)  \(posted.date)  \(posted.source)  \(SafeText.visible(posted.description))")
            print("entry_id \(SafeText.visible(posted.idempotencyKey))" + (posted.reverses.map { "  reverses entry \($0)" } ?? "")
                  + (posted.reversedBy.map { "  reversed by entry \($0)" } ?? ""))
            var table = TextTable(headers: ["line", "account", "debit", "credit", "currency", "functional", "partner", "reference", "description"],
                                  rightAligned: [0, 2, 3, 5])
            for (index, line) in posted.lines.enumerated() {
                // Debit and credit columns carry the side; the amount itself is shown unsigned.
                let amount = String(Amounts.grouped(line.amountMinor, line.currency).drop { $0 == "-" })
                table.rows.append([String(index + 1), line.account, line.amountMinor > 0 ? amount : "",
                                   line.amountMinor < 0 ? amount : "", line.currency.code,
                                   Amounts.grouped(line.functionalMinor, functional),
                                   line.partner ?? "", line.reference, line.description])
            }
            print(table.render())
        }

        struct Document: Encodable {
            struct Line: Encodable {
                let line: Int
                let account, currency, debit, credit, functional_amount, functional_currency, reference, description: String
                let partner: String?
            }
            let document, entity, date, source, description, entry_id: String
            let reverses, reversed_by: Int64?
            let lines: [Line]
        }

        /// Debit and credit as unsigned decimal strings (one of them "0.00"), the functional
        /// amount signed, as `close journal list` and the journal CSV read them.
        static func json(_ posted: PostedEntry, functional: Currency) -> Document {
            Document(document: posted.ref.document, entity: posted.ref.entity, date: posted.date.description, source: posted.source,
                     description: posted.description, entry_id: posted.idempotencyKey, reverses: posted.reverses, reversed_by: posted.reversedBy,
                     lines: posted.lines.enumerated().map { index, line in
                         Document.Line(line: index + 1, account: line.account, currency: line.currency.code,
                                       debit: Amounts.signed(max(0, line.amountMinor), line.currency),
                                       credit: Amounts.signed(line.amountMinor < 0 ? -line.amountMinor : 0, line.currency),
                                       functional_amount: Amounts.signed(line.functionalMinor, functional), functional_currency: functional.code,
                                       reference: line.reference, description: line.description, partner: line.partner)
                     })
        }
    }

    struct Reverse: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Post the mirror of a posted entry, linked to it. An entry is reversed at most once.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var identity: IdentityOptions
        @Argument(help: ArgumentHelp("A document number (US01-2026-000001), an entry_id or a row id.", valueName: "ENTRY"))
        var entry: String
        @Option(help: "Why the entry is reversed (required).") var reason: String
        @Option(help: ArgumentHelp("Date of the reversal (default: the original's date).", valueName: "YYYY-MM-DD"))
        var date: CalendarDate?

        func run() throws {
            let ledger = try store.open()
            try CloseSession.checkReason(reason)
            let reversal = try ledger.reverse(entry, actor: try identity.writer(in: ledger), reason: reason, date: date)
            print("posted \(reversal.document) reversing \(entry)")
        }
    }
}
