import ArgumentParser
import CloseEngine
import LedgerCore

/// `close journal list`: the register of an entity's accounts, line by line with a running
/// balance that ends at the trial balance's figure.
struct JournalListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The register of an entity's accounts: every posted line with its running balance.",
        discussion: HelpText.flowed("""
        Per account: the opening balance, each posted line (date, document,
        entry_id, reference, description, debit, credit, running balance) and the
        closing balance, in the entity's functional currency. Balances follow the
        trial balance: balance-sheet accounts since inception, revenue and expense
        for the fiscal year to date, so each closing balance is `close report
        trial-balance` at the end of the range. A foreign-currency line shows its
        transaction amount too. Give --period P, or --from P1 --to P2.
        """))
    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp("The entity.", valueName: "CODE"), completion: LedgerCompletion.entities) var entity: String
    @Option(help: ArgumentHelp("One account (default: every account with a balance or a line).", valueName: "CODE"), completion: LedgerCompletion.accounts) var account: String?
    @Option(help: ArgumentHelp("One period.", valueName: "YYYY-MM")) var period: PeriodID?
    @Option(help: ArgumentHelp("The first period of a range (with --to).", valueName: "YYYY-MM")) var from: PeriodID?
    @Option(help: ArgumentHelp("The last period of a range (with --from).", valueName: "YYYY-MM")) var to: PeriodID?
    @Option(help: "table, csv, json or html (one self-contained page).") var format: ReportFormat = .table

    func validate() throws {
        if period != nil {
            guard from == nil, to == nil else { throw ValidationError("give --period P, or --from P1 --to P2, not both") }
        } else {
            guard from != nil, to != nil else { throw ValidationError("give --period P, or --from P1 --to P2") }
            if let from, let to, from > to { throw ValidationError("--from \(from) is after --to \(to)") }
        }
    }

    func run() throws {
        let ledger = try store.open()
        let register = try AccountRegister.build(store: ledger, entity: entity, account: account,
                                                 from: period ?? from!, to: period ?? to!)
        switch format {
        case .table: print(Self.table(register))
        case .csv: print(Self.csv(register), terminator: "")
        case .json: print(try JSONOutput.encode(Self.json(register)))
        case .html: print(RegisterHTML.registerPage(register), terminator: "")
        }
    }

    static func table(_ register: AccountRegister) -> String {
        let currency = register.currency
        func amount(_ minor: Int64) -> String { minor == 0 ? "" : Amounts.grouped(minor, currency) }
        let range = register.from == register.to ? register.from.description : "\(register.from) to \(register.to)"
        guard !register.accounts.isEmpty else { return "Register \(register.entity) \(range) (\(currency)): no balances and no lines" }
        return register.accounts.map { account in
            var table = TextTable(headers: ["date", "document", "entry_id", "reference", "description", "debit", "credit", "balance"],
                                  rightAligned: [5, 6, 7])
            table.maxWidths = [2: 28, 3: 24, 4: 40]
            table.rows.append(["", "", "", "", "opening balance", "", "", Amounts.grouped(account.openingMinor, currency)])
            for line in account.lines {
                let foreign = line.foreign.map { " (\(Amounts.shown($0.minorUnits, $0.currency)))" } ?? ""
                table.rows.append([line.date.description, line.document, line.entryKey, line.reference, line.description + foreign,
                                   amount(line.debitMinor), amount(line.creditMinor), Amounts.grouped(line.balanceMinor, currency)])
            }
            table.rows.append(["", "", "", "", "closing balance", Amounts.grouped(account.debitMinor, currency),
                               Amounts.grouped(account.creditMinor, currency), Amounts.grouped(account.closingMinor, currency)])
            return "Register \(register.entity) \(account.code) \(account.name), \(range) (\(currency))\n" + table.render()
        }.joined(separator: "\n\n")
    }

    static func csv(_ register: AccountRegister) -> String {
        let currency = register.currency
        var out = CSVOutput.line(["entity", "account", "date", "document", "entry_id", "reference", "description", "debit", "credit",
                                  "balance", "currency", "transaction_amount", "transaction_currency"]) + "\n"
        for account in register.accounts {
            func row(_ date: String, _ document: String, _ key: String, _ reference: String, _ description: String,
                     _ debit: Int64, _ credit: Int64, _ balance: Int64, _ foreign: Money?) -> String {
                CSVOutput.line([register.entity, account.code, date, document, key, reference, description,
                                Amounts.signed(debit, currency), Amounts.signed(credit, currency), Amounts.signed(balance, currency),
                                currency.code, foreign.map { Amounts.signed($0.minorUnits, $0.currency) } ?? "", foreign?.currency.code ?? ""]) + "\n"
            }
            out += row("", "", "", "", "opening balance", 0, 0, account.openingMinor, nil)
            for line in account.lines {
                out += row(line.date.description, line.document, line.entryKey, line.reference, line.description,
                           line.debitMinor, line.creditMinor, line.balanceMinor, line.foreign)
            }
            out += row("", "", "", "", "closing balance", account.debitMinor, account.creditMinor, account.closingMinor, nil)
        }
        return out
    }

    struct Document: Encodable {
        struct Line: Encodable {
            let date, document, entry_id, reference, description, debit, credit, balance: String
            let transaction_amount, transaction_currency: String?
        }
        struct Account: Encodable {
            let account, name, type, opening_balance, total_debit, total_credit, closing_balance: String
            let lines: [Line]
        }
        let entity, currency, from, to: String
        let accounts: [Account]
    }

    static func json(_ register: AccountRegister) -> Document {
        let currency = register.currency
        func amount(_ minor: Int64) -> String { Amounts.signed(minor, currency) }
        return Document(entity: register.entity, currency: currency.code, from: register.from.description, to: register.to.description,
                        accounts: register.accounts.map { account in
                            Document.Account(account: account.code, name: account.name, type: account.type.rawValue,
                                             opening_balance: amount(account.openingMinor), total_debit: amount(account.debitMinor),
                                             total_credit: amount(account.creditMinor), closing_balance: amount(account.closingMinor),
                                             lines: account.lines.map { line in
                                                 Document.Line(date: line.date.description, document: line.document, entry_id: line.entryKey,
                                                               reference: line.reference, description: line.description,
                                                               debit: amount(line.debitMinor), credit: amount(line.creditMinor),
                                                               balance: amount(line.balanceMinor),
                                                               transaction_amount: line.foreign.map { Amounts.signed($0.minorUnits, $0.currency) },
                                                               transaction_currency: line.foreign?.currency.code)
                                             })
                        })
    }
}
