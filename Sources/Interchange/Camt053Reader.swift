#if canImport(FoundationXML)
import FoundationXML
#endif
import Foundation
import LedgerCore

/// Reads ISO 20022 camt.053 bank-to-customer statements, versions 001.02 to 001.08
/// (docs/file-formats.md, "camt.053 (read)"). One `BankStatement` per `Stmt`, mapped to a
/// ledger bank account by its IBAN (or other account id) through `group.bankAccounts`.
///
/// A file that is not a camt.053 document, or holds no statement, is refused with an error.
/// Everything else a statement gets wrong is an issue naming the file, the line and the
/// element path (`Stmt[1]/Ntry[3]/Amt`, 1-based): a blocking one keeps the statement out of
/// `importable` (it is still listed, with what could be read, for display), a non-blocking one
/// is a note. Amounts are read with `Decimal10`, never as floating point, and never rounded.
public enum Camt053Reader {
    static let namespacePrefix = "urn:iso:std:iso:20022:tech:xsd:camt.053.001."
    static let versions = 2...8

    public static func read(_ bytes: [UInt8], file: String, group: GroupDefinition) throws(LedgerError) -> BankFileImport {
        try read(bytes, file: file, group: group, account: nil)
    }

    /// With `account`, every statement is put on that bank account whatever its Acct/Id says,
    /// unless the id names another bank account of the group (a blocking issue): the reading
    /// behind `--entity/--account`, as `MT940Reader` does it.
    public static func read(_ bytes: [UInt8], file: String, group: GroupDefinition,
                            account: BankAccount?) throws(LedgerError) -> BankFileImport {
        let root = try Tree.parse(bytes, file: file)
        try checkDocument(root, file: file)
        guard let message = root.child("BkToCstmrStmt") else {
            throw LedgerError(.invalidFile, "the Document holds no BkToCstmrStmt (bank-to-customer statement message)",
                              at: SourceLocation(file: file, line: root.line, field: "Document"))
        }
        let elements = message.all("Stmt")
        guard !elements.isEmpty else {
            throw LedgerError(.invalidFile, "the file holds no statement (no Stmt under BkToCstmrStmt)",
                              at: SourceLocation(file: file, line: message.line, field: "BkToCstmrStmt"))
        }
        let headerCreatedAt = message.child("GrpHdr", "CreDtTm")?.value ?? ""
        var result = BankFileImport(statements: [], issues: [])
        var firstIndexByID: [String: Int] = [:]
        for (offset, element) in elements.enumerated() {
            var reader = StatementReader(element, index: offset + 1, file: file, group: group, override: account,
                                         headerCreatedAt: headerCreatedAt)
            let statement = reader.read()
            if let first = firstIndexByID[reader.id] {
                reader.report("statement id '\(reader.id)' is used by Stmt[\(first)] and Stmt[\(offset + 1)]; an id must name one statement",
                              "\(reader.path)/Id", element.child("Id") ?? element, blocking: true)
            } else {
                firstIndexByID[reader.id] = offset + 1
            }
            if let statement { result.statements.append(statement) }
            result.issues.append(contentsOf: reader.issues)
        }
        return result
    }

    /// The root must be `Document` in a camt.053 namespace of a version we read.
    static func checkDocument(_ root: Node, file: String) throws(LedgerError) {
        let location = SourceLocation(file: file, line: root.line, field: root.name)
        let expected = "expected <Document xmlns=\"\(namespacePrefix)08\"> (versions 001.02 to 001.08)"
        guard root.name == "Document" else {
            throw LedgerError(.invalidFile, "the root element is <\(root.name)>, not a camt.053 Document; \(expected)", at: location)
        }
        let namespace = root.namespace
        guard namespace.hasPrefix(namespacePrefix) else {
            let shown = namespace.isEmpty ? "no namespace" : "namespace '\(namespace)'"
            throw LedgerError(.invalidFile, "the Document has \(shown), so it is not a camt.053 statement; \(expected)", at: location)
        }
        let version = namespace.dropFirst(namespacePrefix.utf8.count)
        guard version.utf8.count == 2, version.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let number = Int(version), versions.contains(number) else {
            throw LedgerError(.invalidFile, "camt.053 version 001.\(version) is not supported; this reader reads versions 001.02 to 001.08",
                              at: location)
        }
    }
}

// MARK: - One statement

extension Camt053Reader {
    /// Reads one `Stmt`: account, currency, balances, entries and the tie-out, collecting issues.
    struct StatementReader {
        let element: Node
        let index: Int
        let file: String
        let group: GroupDefinition
        /// The bank account given by the caller (`--entity/--account`), if any.
        let override: BankAccount?
        let headerCreatedAt: String
        /// `Stmt[index]`, the start of every element path this statement reports.
        let path: String
        var id: String
        var issues: [BankFileIssue] = []
        /// The account's currency; every amount of the statement must be in it.
        var currency: Currency?

        init(_ element: Node, index: Int, file: String, group: GroupDefinition, override: BankAccount?, headerCreatedAt: String) {
            self.element = element
            self.index = index
            self.file = file
            self.group = group
            self.override = override
            self.headerCreatedAt = headerCreatedAt
            path = "Stmt[\(index)]"
            id = element.child("Id")?.value ?? ""
        }

        mutating func report(_ message: String, _ field: String, _ node: Node?, blocking: Bool) {
            issues.append(BankFileIssue(location: SourceLocation(file: file, line: node?.line, field: field),
                                        message: message, statement: id, blocking: blocking))
        }

        mutating func report(_ problems: [Problem], blocking: Bool) {
            for problem in problems {
                report(problem.message, problem.field, problem.node, blocking: blocking)
            }
        }

        /// The statement as read, or nil when not even its currency or dates could be found
        /// (its blocking issues say why).
        mutating func read() -> BankStatement? {
            if id.isEmpty {
                id = path
                report("the statement has no Id; it is called \(path) here", "\(path)/Id", element, blocking: true)
            }
            let account = readAccount()
            let statementCreatedAt = element.child("CreDtTm")?.value ?? ""
            let createdAt = statementCreatedAt.isEmpty ? headerCreatedAt : statementCreatedAt
            let balances = readBalances()
            let entries = readEntries()
            checkTieOut(balances, entries)

            // Without a balance, its date comes from the statement period, the booking dates
            // or the other balance: a blocked statement is still shown with its lines.
            guard let currency else { return nil }
            let span = element.child("FrToDt")
            let bookingDates = entries.lines.map(\.bookingDate)
            let openingDates = [balances.opening?.date, Self.datePrefix(span?.child("FrDtTm")?.value), bookingDates.min(),
                                balances.closing?.date, Self.datePrefix(createdAt)]
            guard let openingDate = openingDates.lazy.compactMap({ $0 }).first else { return nil }
            let closingDates = [balances.closing?.date, Self.datePrefix(span?.child("ToDtTm")?.value), bookingDates.max()]
            let closingDate = closingDates.lazy.compactMap { $0 }.first ?? openingDate
            return BankStatement(id: id, entity: account.mapped?.entity ?? "", account: account.mapped?.account ?? "",
                                 iban: account.id, bic: account.bic, currency: currency,
                                 openingDate: openingDate, openingMinor: balances.opening?.minor ?? 0,
                                 closingDate: closingDate, closingMinor: balances.closing?.minor ?? 0,
                                 createdAt: createdAt, lines: entries.lines)
        }

        // MARK: Account

        struct Account {
            var id = ""
            var bic: String?
            var mapped: BankAccount?
        }

        /// `Acct`: the id (IBAN or Othr/Id), the currency and the servicer's BIC; maps the id to
        /// the group's bank account and settles the statement currency.
        private mutating func readAccount() -> Account {
            var account = Account()
            let acct = element.child("Acct")
            if let iban = acct?.child("Id", "IBAN")?.value, !iban.isEmpty {
                account.id = iban
            } else if let other = acct?.child("Id", "Othr", "Id")?.value, !other.isEmpty {
                account.id = other
            }
            let institution = acct?.child("Svcr", "FinInstnId")
            let bic = institution?.child("BICFI")?.value ?? institution?.child("BIC")?.value ?? ""
            account.bic = bic.isEmpty ? nil : bic

            let idKind = acct?.child("Id", "IBAN") != nil ? "IBAN" : "account id"
            let known = account.id.isEmpty ? nil : group.bankAccounts.first { $0.iban == account.id }
            if let override {
                account.mapped = override
                if account.id.isEmpty { account.id = override.iban }
                if let known, known != override {
                    report("the statement's \(idKind) \(known.iban) is bank account \(known.entity)/\(known.account) of the group, not the given \(override.entity)/\(override.account)",
                           "\(path)/Acct/Id", acct?.child("Id") ?? element, blocking: true)
                }
            } else if account.id.isEmpty {
                report("the statement names no account; expected Acct/Id/IBAN or Acct/Id/Othr/Id", "\(path)/Acct/Id",
                       acct ?? element, blocking: true)
            } else if let known {
                account.mapped = known
            } else {
                report("no bank account of the group has \(idKind) \(account.id); add it under bank_accounts or use --entity/--account",
                       "\(path)/Acct/Id", acct?.child("Id") ?? element, blocking: true)
            }

            if let ccy = acct?.child("Ccy") {
                do {
                    currency = try Currency(ccy.value)
                } catch {
                    report("account currency: \(error.message)", "\(path)/Acct/Ccy", ccy, blocking: true)
                }
            }
            if let mapped = account.mapped {
                if let currency, currency != mapped.currency {
                    report("the statement's account is in \(currency) but bank account \(mapped.entity)/\(mapped.account) (\(mapped.iban)) is in \(mapped.currency)",
                           "\(path)/Acct/Ccy", acct?.child("Ccy"), blocking: true)
                } else if currency == nil {
                    currency = mapped.currency
                }
            }
            if currency == nil {
                currency = firstAmountCurrency()
            }
            if currency == nil {
                report("the statement's currency is unknown: no Acct/Ccy, no mapped bank account and no amount with a known Ccy",
                       "\(path)/Acct/Ccy", acct ?? element, blocking: true)
            }
            return account
        }

        /// Without Acct/Ccy or a mapped account: the currency of the opening, closing or first
        /// entry amount, in that order.
        private func firstAmountCurrency() -> Currency? {
            let balances = element.all("Bal")
            let candidates = ["OPBD", "PRCD", "CLBD"].compactMap { code in
                balances.first { $0.child("Tp", "CdOrPrtry", "Cd")?.value == code }?.child("Amt")
            } + element.all("Ntry").prefix(1).compactMap { $0.child("Amt") }
            for amount in candidates {
                if let code = amount.attributes["Ccy"], let currency = try? Currency(code.camtTrimmed) { return currency }
            }
            return nil
        }

        // MARK: Balances

        struct Balance {
            var minor: Int64?
            var date: CalendarDate?
            var node: Node
            var path: String
        }

        struct Balances {
            var opening: Balance?
            var closing: Balance?
            /// True when both balances were read in full (amount, sign, currency, date).
            var complete: Bool { opening?.minor != nil && closing?.minor != nil }
        }

        /// OPBD (else PRCD) is the opening balance, CLBD the closing one. Every balance, used
        /// or not, must be in the account's currency.
        private mutating func readBalances() -> Balances {
            var found: [String: [Balance]] = [:]
            for (offset, bal) in element.all("Bal").enumerated() {
                let balPath = "\(path)/Bal[\(offset + 1)]"
                let code = bal.child("Tp", "CdOrPrtry", "Cd")?.value ?? ""
                guard ["OPBD", "PRCD", "CLBD"].contains(code) else {
                    checkCurrencyOnly(bal.child("Amt"), at: "\(balPath)/Amt", what: code.isEmpty ? "balance" : "\(code) balance")
                    continue
                }
                var problems: [Problem] = []
                let minor = signedAmount(in: bal, at: "\(balPath)/Amt", indicatorPath: "\(balPath)/CdtDbtInd", problems: &problems)
                var date: CalendarDate?
                if let dt = bal.child("Dt") {
                    date = Self.date(in: dt, path: "\(balPath)/Dt", problems: &problems)
                } else {
                    problems.append(Problem("the \(code) balance has no date; expected Dt/Dt or Dt/DtTm", "\(balPath)/Dt", bal))
                }
                report(problems, blocking: true)
                found[code, default: []].append(Balance(minor: problems.isEmpty ? minor : nil, date: date, node: bal, path: balPath))
            }
            for code in ["OPBD", "PRCD", "CLBD"] {
                if let list = found[code], list.count > 1 {
                    report("the statement has \(list.count) \(code) balances (\(list.map(\.path).joined(separator: ", "))); expected one",
                           list[1].path, list[1].node, blocking: true)
                }
            }
            let opening = found["OPBD"]?.first ?? found["PRCD"]?.first
            let closing = found["CLBD"]?.first
            if opening == nil {
                report("the statement has no opening booked balance (Bal with Tp/CdOrPrtry/Cd OPBD or PRCD)", "\(path)/Bal", element, blocking: true)
            }
            if closing == nil {
                report("the statement has no closing booked balance (Bal with Tp/CdOrPrtry/Cd CLBD)", "\(path)/Bal", element, blocking: true)
            }
            return Balances(opening: opening, closing: closing)
        }

        /// A balance the statement does not use is still the account's: its currency must match.
        private mutating func checkCurrencyOnly(_ amount: Node?, at amountPath: String, what: String) {
            guard let amount, let currency, let code = amount.attributes["Ccy"]?.camtTrimmed, code != currency.code else { return }
            report("the \(what) \(amount.value) \(code) is not in the account's currency, \(currency)", amountPath, amount, blocking: true)
        }

        // MARK: Tie-out

        /// Opening + booked entries = closing, checked when every one of those amounts was read.
        private mutating func checkTieOut(_ balances: Balances, _ entries: Entries) {
            guard balances.complete, entries.complete, let currency,
                  let opening = balances.opening, let openingMinor = opening.minor,
                  let closing = balances.closing, let closingMinor = closing.minor else { return }
            let scale = currency.exponent
            do throws(LedgerError) {
                let movedMinor = try Checked.sum(entries.lines.map(\.amountMinor))
                let expectedMinor = try Checked.add(openingMinor, movedMinor)
                let differenceMinor = try Checked.add(expectedMinor, try Checked.negate(closingMinor))
                guard differenceMinor != 0 else { return }
                func text(_ minor: Int64) -> String { Decimal10.format(minor, scale: scale) }
                report("statement \(id) does not tie out: opening \(text(openingMinor)) + booked entries \(text(movedMinor)) = \(text(expectedMinor)) \(currency), but the closing balance is \(text(closingMinor)) (difference \(text(differenceMinor)))",
                       closing.path, closing.node, blocking: true)
            } catch {
                report("statement \(id) cannot be tied out: \(error.message)", closing.path, closing.node, blocking: true)
            }
        }

        // MARK: Amounts

        /// `Amt` (unsigned text, `Ccy` attribute) signed by `CdtDbtInd` (CRDT +, DBIT -), in the
        /// account's currency. Nil after adding the problems that make it unusable.
        func signedAmount(in parent: Node, at amountPath: String, indicatorPath: String, problems: inout [Problem]) -> Int64? {
            let magnitude = unsignedAmount(parent.child("Amt"), at: amountPath, parent: parent, problems: &problems)
            let sign = Self.sign(parent.child("CdtDbtInd"), at: indicatorPath, parent: parent, problems: &problems)
            guard let magnitude, let sign else { return nil }
            return sign * magnitude
        }

        /// The amount text in minor units of its `Ccy`, which must be the account's currency.
        func unsignedAmount(_ amount: Node?, at amountPath: String, parent: Node, problems: inout [Problem]) -> Int64? {
            guard let amount else {
                problems.append(Problem("the amount is missing; expected an Amt element", amountPath, parent))
                return nil
            }
            guard let code = amount.attributes["Ccy"]?.camtTrimmed, !code.isEmpty else {
                problems.append(Problem("Amt has no Ccy attribute; every amount must name its currency", amountPath, amount))
                return nil
            }
            let amountCurrency: Currency
            do {
                amountCurrency = try Currency(code)
            } catch {
                problems.append(Problem(error.message, amountPath, amount))
                return nil
            }
            if let currency, amountCurrency != currency {
                problems.append(Problem("the amount \(amount.value) \(code) is not in the account's currency, \(currency)", amountPath, amount))
                return nil
            }
            let text = amount.value
            do {
                // A balance may be larger than any one entry (AmountLimit).
                let limit = parent.name == "Bal" ? AmountLimit.balanceMaximum : AmountLimit.maximum
                return try AmountLimit.parse(text, amountCurrency, allowNegative: false, limit: limit)
            } catch {
                problems.append(Problem(Self.amountProblem(text, amountCurrency, error), amountPath, amount))
                return nil
            }
        }

        /// Says why `text` is not an amount of `currency`, in terms of the file.
        static func amountProblem(_ text: String, _ currency: Currency, _ error: LedgerError) -> String {
            if AmountLimit.isOverLimit(error) { return "the amount \(error.message)" }
            if text.hasPrefix("-") {
                return "the amount '\(text)' is negative; camt.053 amounts are unsigned and CdtDbtInd gives the direction"
            }
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 2, parts[1].count > currency.exponent, parts[1].count <= 18,
               (try? Decimal10.parse(text, scale: parts[1].count, allowNegative: false)) != nil {
                return "the amount \(text) \(currency) has \(parts[1].count) decimals; \(currency) has \(currency.exponent)"
            }
            return error.message
        }

        /// CRDT is +1 (money in), DBIT is -1 (money out).
        static func sign(_ indicator: Node?, at indicatorPath: String, parent: Node, problems: inout [Problem]) -> Int64? {
            switch indicator?.value {
            case "CRDT": return 1
            case "DBIT": return -1
            case nil:
                problems.append(Problem("CdtDbtInd is missing; expected CRDT (money in) or DBIT (money out)", indicatorPath, parent))
            case let other?:
                problems.append(Problem("CdtDbtInd is '\(other)'; expected CRDT (money in) or DBIT (money out)", indicatorPath, indicator))
            }
            return nil
        }

        // MARK: Dates

        /// `Dt` (YYYY-MM-DD) or `DtTm` (YYYY-MM-DDThh:mm:ss, optional fraction and zone) inside
        /// `node`. The date is the one the bank wrote, not converted to UTC.
        static func date(in node: Node, path: String, problems: inout [Problem]) -> CalendarDate? {
            if let dt = node.child("Dt") {
                do {
                    return try CalendarDate(parsing: dt.value)
                } catch {
                    problems.append(Problem(error.message, "\(path)/Dt", dt))
                    return nil
                }
            }
            if let dtTm = node.child("DtTm") {
                guard isDateTime(dtTm.value), let date = datePrefix(dtTm.value) else {
                    problems.append(Problem("'\(dtTm.value)' is not a date and time in the form YYYY-MM-DDThh:mm:ss", "\(path)/DtTm", dtTm))
                    return nil
                }
                return date
            }
            problems.append(Problem("no date; expected Dt (YYYY-MM-DD) or DtTm (YYYY-MM-DDThh:mm:ss)", path, node))
            return nil
        }

        /// The calendar date the text starts with, if it starts with one.
        static func datePrefix(_ text: String?) -> CalendarDate? {
            guard let text, text.utf8.count >= 10 else { return nil }
            return try? CalendarDate(parsing: String(decoding: Array(text.utf8)[0..<10], as: UTF8.self))
        }

        /// ISO 8601 as the schema's ISODateTime: YYYY-MM-DDThh:mm:ss, then an optional fraction
        /// and an optional zone (Z or +hh:mm / -hh:mm).
        static func isDateTime(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            func digits(_ range: Range<Int>) -> Int? {
                guard range.upperBound <= bytes.count else { return nil }
                var value = 0
                for byte in bytes[range] {
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                }
                return value
            }
            guard bytes.count >= 19, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
                  let hour = digits(11..<13), hour <= 23, let minute = digits(14..<16), minute <= 59,
                  let second = digits(17..<19), second <= 60 else { return false }
            var rest = bytes[19...]
            if rest.first == UInt8(ascii: ".") {
                let fraction = rest.dropFirst().prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
                guard !fraction.isEmpty else { return false }
                rest = rest.dropFirst(1 + fraction.count)
            }
            if rest.isEmpty || Array(rest) == [UInt8(ascii: "Z")] { return true }
            let zone = Array(rest)
            guard zone.count == 6, zone[0] == UInt8(ascii: "+") || zone[0] == UInt8(ascii: "-"), zone[3] == UInt8(ascii: ":") else { return false }
            let zoneStart = bytes.count - 6
            guard let zoneHour = digits(zoneStart + 1..<zoneStart + 3), zoneHour <= 14,
                  let zoneMinute = digits(zoneStart + 4..<zoneStart + 6), zoneMinute <= 59 else { return false }
            return true
        }
    }

    /// One thing wrong with an element, before it is known whether it blocks.
    struct Problem {
        var message: String
        var field: String
        var node: Node?

        init(_ message: String, _ field: String, _ node: Node?) {
            self.message = message
            self.field = field
            self.node = node
        }
    }
}
