import ArgumentParser
import CloseEngine
import Interchange
import LedgerCore
import LedgerStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new ledger for the built-in demo group or a group file.",
        discussion: "Without --group, the ledger is for Acme Group (US01, DE01, GB01, JP01). The database file must not exist yet.")

    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp("A group definition YAML file (see docs/file-formats.md).", valueName: "FILE"), completion: .file(extensions: ["yaml", "yml"]))
    var group: String?

    func run() throws {
        let definition = try group.map(Self.readGroup) ?? DemoGroup.definition()
        let ledger = try CloseSession.create(at: store.path, group: definition, clock: store.clock).store
        try ledger.close()
        print("created \(store.path) for \(definition.name): \(definition.entities.count) entities, \(definition.accounts.count) accounts, \(definition.users.count) users, group currency \(definition.currency)")
    }
}

struct EntitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities", abstract: "List the group's entities.", subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List entities with their functional currency.")
        @OptionGroup var store: StoreOptions
        @Option(help: "table or json.") var format: TableOrJSON = .table


        func run() throws {
            let group = try store.open().group
            switch format {
            case .json:
                struct Item: Encodable { let code, name, currency, country: String; let parent: String? }
                print(try JSONOutput.encode(group.entities.map {
                    Item(code: $0.code, name: $0.name, currency: $0.currency.code, country: $0.country, parent: $0.parent)
                }))
            default:
                var table = TextTable(headers: ["code", "name", "currency", "country", "parent"])
                table.rows = group.entities.map { [$0.code, $0.name, $0.currency.code, $0.country, $0.parent ?? ""] }
                print(table.render())
            }
        }
    }
}

struct AccountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts", abstract: "List the group chart of accounts.", subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts with their type and flags.")
        @OptionGroup var store: StoreOptions
        @Option(help: "table or json.") var format: TableOrJSON = .table


        func run() throws {
            let group = try store.open().group
            switch format {
            case .json:
                struct Item: Encodable {
                    let code, name, type: String
                    let bank, intercompany, monetary, closed: Bool
                }
                print(try JSONOutput.encode(group.accounts.map {
                    Item(code: $0.code, name: $0.name, type: $0.type.rawValue, bank: $0.isBank,
                         intercompany: $0.isIntercompany, monetary: $0.isMonetary, closed: $0.isClosed)
                }))
            default:
                var table = TextTable(headers: ["code", "name", "type", "flags"])
                table.rows = group.accounts.map { account in
                    let flags = [(account.isBank, "bank"), (account.isIntercompany, "intercompany"),
                                 (account.isMonetary, "monetary"), (account.isClosed, "closed")]
                        .filter(\.0).map(\.1).joined(separator: ",")
                    return [account.code, account.name, account.type.rawValue, flags]
                }
                print(table.render())
            }
        }
    }
}

extension InitCommand {
    /// The group file, read as YAML. A journal or another CSV given by mistake is named as
    /// such, so the refusal says what to give instead of only what YAML expected.
    static func readGroup(_ path: String) throws -> GroupDefinition {
        do throws(LedgerError) {
            return try GroupFile.parse(contentsOf: path)
        } catch {
            guard path.lowercased().hasSuffix(".csv"), error.code == .invalidGroup else { throw error }
            var refused = error
            refused.message += ". \(path) looks like a CSV file; --group takes a group definition in YAML (docs/file-formats.md, \"Group definition (YAML)\"), and a journal CSV is imported with `close journal import` once the ledger exists"
            throw refused
        }
    }
}
