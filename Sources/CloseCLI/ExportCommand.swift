import ArgumentParser
import Interchange
import LedgerCore
import LedgerStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the books in another tool's format.",
        subcommands: [PlainTextExport<LedgerDialect>.self, PlainTextExport<HledgerDialect>.self,
                      PlainTextExport<BeancountDialect>.self, SAFTExportCommand.self])
}

protocol DialectName { static var dialect: PlainTextDialect { get } }
enum LedgerDialect: DialectName { static let dialect = PlainTextDialect.ledger }
enum HledgerDialect: DialectName { static let dialect = PlainTextDialect.hledger }
enum BeancountDialect: DialectName { static let dialect = PlainTextDialect.beancount }

/// `close export ledger|hledger|beancount`: one command, three dialects.
struct PlainTextExport<Name: DialectName>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Name.dialect.rawValue,
            abstract: "Write the posted books as a \(Name.dialect.rawValue) journal.",
            discussion: HelpText.flowed("""
            Accounts are named TYPE:ENTITY:CODE (Assets:US01:1000) and declared with their names;
            each currency is declared with its precision; the stored spot rates become prices.
            A line in a foreign currency carries its functional amount as its total price (@@), so
            the tool's cost balance (ledger bal -B, hledger bal -B, bean-query sum(weight)) equals
            `close report trial-balance`. Document numbers, entry ids, references and partners are
            kept as codes, metadata and tags (docs/file-formats.md, "Plain-text exports").
            """))
    }
    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp("Write the books up to the end of this period (default: everything posted).", valueName: "YYYY-MM"))
    var period: PeriodID?
    @Option(help: ArgumentHelp("One entity (default: every entity).", valueName: "CODE"), completion: LedgerCompletion.entities) var entity: String?
    @Option(help: ArgumentHelp("The file to write (default: standard output).", valueName: "FILE")) var out: String?

    func run() throws {
        let ledger = try store.open()
        let books = try ExportSelection.plainTextBooks(ledger, entity: entity, through: period)
        let output = try OutputFile(out)
        do {
            try PlainTextJournal.write(books, dialect: Name.dialect) { try output.write($0) }
            try output.finish()
        } catch {
            output.abandon()
            throw error
        }
    }
}

/// What an export reads from the store.
enum ExportSelection {
    static func entities(_ ledger: LedgerStore, _ code: String?) throws -> [Entity] {
        guard let code else { return ledger.group.entities }
        guard let entity = ledger.group.entity(code) else {
            throw LedgerError(.unknownEntity, "unknown entity '\(SafeText.excerpt(code, limit: 40))'\(NearestName.hint(for: code, in: ledger.group.entities.map(\.code))) (the group has \(ledger.group.entities.map(\.code).joined(separator: ", ")))",
                              at: SourceLocation(field: "--entity"))
        }
        return [entity]
    }

    static func plainTextBooks(_ ledger: LedgerStore, entity: String?, through period: PeriodID?) throws -> PlainTextBooks {
        let first = try CalendarDate(year: 1, month: 1, day: 1)
        let last = try period?.lastDay ?? CalendarDate(year: 9999, month: 12, day: 31)
        let selected = try entities(ledger, entity).map { entity in
            (entity: entity, lines: try ledger.postedLines(entity: entity.code, from: first, through: last))
        }
        let rates = try ledger.rates().filter { $0.date <= last }
        return PlainTextBooks(group: ledger.group, entities: selected, rates: rates)
    }
}
