import LedgerCore

/// Writes a ledger's posted books as a journal that ledger-cli, hledger or beancount reads as
/// it is: commodity and account declarations first, then the stored spot rates as prices, then
/// every posted entry, entity by entity. Text goes out through `emit` piece by piece, one entry
/// at a time, so a million-line ledger is never held twice in memory.
public struct PlainTextJournal {
    public let dialect: PlainTextDialect
    let books: PlainTextBooks
    let emit: (String) throws -> Void

    public static func write(_ books: PlainTextBooks, dialect: PlainTextDialect, to emit: @escaping (String) throws -> Void) throws {
        let journal = PlainTextJournal(dialect: dialect, books: books, emit: emit)
        try journal.writeHeader()
        try journal.writeCommodities()
        try journal.writeAccounts()
        try journal.writePrices()
        for (entity, lines) in books.entities {
            try journal.writeEntries(of: entity, lines: lines)
        }
    }

    private func writeHeader() throws {
        let names = books.entities.map(\.entity.code).joined(separator: ", ")
        try emit("; close export (\(dialect.rawValue)) of group \(PlainText.oneLine(books.group.name)): \(names)\n")
        try emit("; accounts are TYPE:ENTITY:CODE; amounts in the line's currency, @@ the entity's functional amount\n\n")
        switch dialect {
        case .ledger:
            // Declared so that `ledger --strict` and `--pedantic` accept the metadata.
            for tag in PlainText.tags { try emit("tag \(tag)\n") }
            try emit("\n")
        case .hledger:
            break
        case .beancount:
            try emit("option \"title\" \(PlainText.quoted(books.group.name))\n")
            for currency in Set(books.entities.map(\.entity.currency.code)).sorted() {
                try emit("option \"operating_currency\" \"\(currency)\"\n")
            }
            try emit("\n")
        }
    }

    /// Every currency the books use, with its ISO 4217 precision.
    private func writeCommodities() throws {
        var codes = Set(books.entities.map(\.entity.currency))
        for (_, lines) in books.entities { for line in lines { codes.insert(line.currency) } }
        for quote in books.rates where quote.type == .spot { codes.insert(quote.from); codes.insert(quote.to) }
        for currency in codes.sorted(by: { $0.code < $1.code }) {
            let sample = Decimal10.format(Decimal10.pow10[currency.exponent] * 1000, scale: currency.exponent)
            switch dialect {
            case .ledger: try emit("commodity \(currency.code)\n    format \(sample) \(currency.code)\n")
            // hledger wants a decimal mark even with no decimals: `1000. JPY`.
            case .hledger: try emit("commodity \(sample)\(currency.exponent == 0 ? "." : "") \(currency.code)\n")
            case .beancount: try emit("\(openingDate) commodity \(currency.code)\n  precision: \(currency.exponent)\n")
            }
        }
        try emit("\n")
    }

    /// One account per entity and chart account, named TYPE:ENTITY:CODE, with its name.
    private func writeAccounts() throws {
        var seen: [String: String] = [:]
        for (entity, _) in books.entities {
            for account in books.group.accounts {
                let name = PlainTextAccountName.name(type: account.type, entity: entity.code, account: account.code)
                let key = entity.code + "/" + account.code
                if let other = seen[name], other != key {
                    throw LedgerError(.invalidGroup, "accounts \(other) and \(key) would both be written as \(name); rename one of them")
                }
                seen[name] = key
                switch dialect {
                case .ledger:
                    try emit("account \(name)\n    ; name: \(PlainText.oneLine(account.name))\n")
                case .hledger:
                    try emit("account \(name)  ; name: \(PlainText.tagValue(account.name))\n")
                case .beancount:
                    try emit("\(openingDate) open \(name)\n  name: \(PlainText.quoted(account.name))\n")
                }
            }
        }
        try emit("\n")
    }

    /// The stored spot rates as prices: average and closing rates are a close's inputs, not
    /// market prices, and a tool keeps one price per day and pair.
    private func writePrices() throws {
        let spot = books.rates.filter { $0.type == .spot }
            .sorted { ($0.date, $0.from.code, $0.to.code) < ($1.date, $1.from.code, $1.to.code) }
        for quote in spot {
            switch dialect {
            case .ledger, .hledger: try emit("P \(quote.date) \(quote.from.code) \(quote.rate) \(quote.to.code)\n")
            case .beancount: try emit("\(quote.date) price \(quote.from.code) \(quote.rate) \(quote.to.code)\n")
            }
        }
        if !spot.isEmpty { try emit("\n") }
    }

    /// The date of the declarations beancount needs before the first posting.
    private var openingDate: String {
        var first: CalendarDate?
        for (_, lines) in books.entities {
            if let date = lines.first?.date, first.map({ date < $0 }) ?? true { first = date }
        }
        for quote in books.rates where first.map({ quote.date < $0 }) ?? true { first = quote.date }
        return first?.description ?? "1970-01-01"
    }

    private func writeEntries(of entity: Entity, lines: [LedgerLine]) throws {
        var start = 0
        while start < lines.count {
            var end = start + 1
            while end < lines.count, lines[end].entryID == lines[start].entryID { end += 1 }
            try emit(try entry(lines[start..<end], entity: entity))
            start = end
        }
    }
}
