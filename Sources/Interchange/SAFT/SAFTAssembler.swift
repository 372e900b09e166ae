import LedgerCore

/// Turns the records of a SAF-T file into the ledger's terms as they close: the header into
/// the entity and the selection, accounts into chart accounts with their balances, each
/// Transaction into a draft. Checks what can be checked at once (a known account, an amount
/// in the currency's decimals, the 1.30 layout); what needs the whole file (balances,
/// totals) is `SAFTAssembler+Checks`.
struct SAFTAssembler {
    let file: String
    let options: SAFTOptions
    var header: [String: SAFTField] = [:]
    var headerLine = 0
    var headerDone = false
    var version = SAFTBooks.Version.v130
    var currency = Currency.usd
    var entity = Entity(code: "", name: "", currency: .usd, country: "")
    var registration = ""
    var selection: (start: CalendarDate, end: CalendarDate)?
    var accounts: [SAFTAccount] = []
    var accountIndex: [String: Int] = [:]
    /// Each account's movements in the company currency, by `accountIndex`.
    var movements: [Int64] = []
    var customers: [String: String] = [:]
    /// Opening balances of intercompany accounts by partner (account, partner, amount).
    var partnerOpenings: [(account: String, partner: String, amountMinor: Int64)] = []
    var suppliers: [String: String] = [:]
    var totals: [String: SAFTField] = [:]
    var drafts: [JournalEntryDraft] = []
    var origins: [SAFTOrigin] = []
    var differences: [SAFTDifference] = []
    var zeroLinesSkipped = 0
    var lineCount = 0
    var transactionKeys: [String: Int] = [:]
    var openingDone = false
    /// Where entries go as they are read, `chunkEntries` at a time; nil keeps them all.
    var deliver: ((SAFTChunk) throws(LedgerError) -> Void)?
    var chunkEntries = 4_096
    var debitTotal: Int64 = 0
    var creditTotal: Int64 = 0

    // Records open now.
    var account: SAFTAccountRecord?
    var party: SAFTPartyRecord?
    var journalID = ""
    var transaction: SAFTTransactionRecord?
    var line: SAFTLineRecord?
    var tax: SAFTTaxRecord?

    init(file: String, options: SAFTOptions) {
        self.file = file
        self.options = options
    }

    func refusal(_ message: String, _ code: LedgerError.Code = .invalidFile, line: Int? = nil, path: String? = nil) -> LedgerError {
        LedgerError(code, message, at: SourceLocation(file: file, line: line, field: path))
    }

    func refusal(_ message: String, _ code: LedgerError.Code = .invalidFile, line: Int? = nil, path: SAFTPath) -> LedgerError {
        refusal(message, code, line: line, path: path.text)
    }

    func required(_ fields: [String: SAFTField], _ name: String, in what: String, line: Int, path: String) throws(LedgerError) -> SAFTField {
        try required(fields, name, in: what, line: line, path: SAFTPath(text: path))
    }

    mutating func start(_ name: String, parent: String, depth: Int, line number: Int, path: SAFTPath) throws(LedgerError) {
        if depth == 2 {
            if name == "Header" {
                headerLine = number
            } else if !headerDone {
                throw refusal("<\(name)> comes before any Header: a SAF-T file starts with its Header (AuditFileVersion, Company, DefaultCurrencyCode, SelectionCriteria)", line: number, path: path.text)
            } else if name == "GeneralLedgerEntries" {
                try makeOpening()
            }
            return
        }
        switch (name, parent) {
        case ("Account", "GeneralLedgerAccounts"): account = SAFTAccountRecord(line: number, path: path)
        case ("Customer", "Customers"): party = SAFTPartyRecord(isCustomer: true)
        case ("Supplier", "Suppliers"): party = SAFTPartyRecord(isCustomer: false)
        case ("Transaction", "Journal"): transaction = SAFTTransactionRecord(line: number, path: path, journalID: journalID)
        case ("Line", "Transaction") where transaction != nil: line = SAFTLineRecord(line: number, path: path)
        case ("TaxInformation", "Line") where line != nil: tax = SAFTTaxRecord()
        default: break
        }
    }

    mutating func end(_ names: [String], text raw: String, line number: Int, path: SAFTPath) throws(LedgerError) {
        let name = names[names.count - 1]
        let parent = names.count > 1 ? names[names.count - 2] : ""
        let field = SAFTField(value: raw.saftTrimmed, line: number, path: path)
        if names.count > 2 && names[1] == "Header" {
            if header[names[2...].joined(separator: "/")] == nil { header[names[2...].joined(separator: "/")] = field }
            return
        }
        if names.count == 2 && name == "Header" { return try finishHeader(line: number, path: path) }
        if tax != nil {
            switch (name, parent) {
            case ("TaxInformation", _): return finishTax()
            case (_, "TaxInformation"): tax?.fields[name] = field.value
            case ("Amount", "TaxAmount"):
                guard version == .v110 else {
                    throw refusal("AuditFileVersion says 1.30, but this tax amount is in the 1.10 layout (TaxAmount); 1.30 has DebitTaxAmount or CreditTaxAmount", line: number, path: path.text)
                }
                tax?.amount = field
            case ("Amount", "DebitTaxAmount"), ("Amount", "CreditTaxAmount"): tax?.amount = field
            default: break
            }
            return
        }
        if line != nil {
            switch (name, parent) {
            case ("Line", _): return try finishLine()
            case (_, "Line"): line?.fields[name] = field
            case ("AnalysisType", "Analysis"): line?.analysisType = field.value
            case ("AnalysisID", "Analysis") where line?.analysisType == SAFTWriter.partnerAnalysisType: line?.partner = field.value
            case (_, "DebitAmount"): setAmount(name, field, debit: true)
            case (_, "CreditAmount"): setAmount(name, field, debit: false)
            default: break
            }
            return
        }
        if transaction != nil {
            if name == "Transaction" { return try finishTransaction() }
            if parent == "Transaction" { transaction?.fields[name] = field }
            return
        }
        if account != nil {
            if name == "Account" { return try finishAccount() }
            if parent == "Account" {
                if name == "StandardAccountID" && version == .v130 {
                    throw refusal("AuditFileVersion says 1.30, but this account is in the 1.10 layout (StandardAccountID); 1.30 has GroupingCategory and GroupingCode", line: number, path: path.text)
                }
                account?.fields[name] = field
            }
            return
        }
        if party != nil {
            switch name {
            case "Customer", "Supplier":
                if let party, !party.id.isEmpty {
                    if party.isCustomer { customers[party.id] = party.name } else { suppliers[party.id] = party.name }
                    // An intercompany partner's share of the opening balances (close's export).
                    if party.isCustomer, party.id.hasPrefix(SAFTWriter.partnerCustomerPrefix) {
                        let partner = String(party.id.dropFirst(SAFTWriter.partnerCustomerPrefix.count))
                        for opening in party.openings { partnerOpenings.append((opening.account, partner, opening.amountMinor)) }
                    }
                }
                party = nil
            case "BalanceAccount":
                if let account = party?.balance["AccountID"]?.value {
                    let debit = try party?.balance["OpeningDebitBalance"].map { field throws(LedgerError) in try amount(field) } ?? 0
                    let credit = try party?.balance["OpeningCreditBalance"].map { field throws(LedgerError) in try amount(field) } ?? 0
                    party?.openings.append((account, try Checked.subtract(debit, credit)))
                }
                party?.balance = [:]
            case _ where parent == "BalanceAccount": party?.balance[name] = field
            case "CustomerID" where parent == "Customer", "SupplierID" where parent == "Supplier": party?.id = field.value
            case "Name" where parent == "Customer" || parent == "Supplier": party?.name = field.value
            default: break
            }
            return
        }
        switch (name, parent) {
        case ("JournalID", "Journal"): journalID = field.value
        case (_, "GeneralLedgerEntries"): totals[name] = field
        default: break
        }
    }

    private mutating func setAmount(_ name: String, _ field: SAFTField, debit: Bool) {
        var amount = (debit ? line?.debit : line?.credit) ?? SAFTAmountRecord()
        switch name {
        case "Amount": amount.amount = field
        case "CurrencyCode": amount.currencyCode = field
        case "CurrencyAmount": amount.currencyAmount = field
        case "ExchangeRate": amount.exchangeRate = field
        default: return
        }
        if debit { line?.debit = amount } else { line?.credit = amount }
    }

    /// "tax MVA 14 25%: 2500.00 on 10000.00": what the line says of its tax, kept as text.
    private mutating func finishTax() {
        guard let record = tax else { return }
        tax = nil
        var parts = ["tax"]
        for key in ["TaxType", "TaxCode"] { if let value = record.fields[key], !value.isEmpty { parts.append(value) } }
        if let percentage = record.fields["TaxPercentage"], !percentage.isEmpty { parts.append(percentage + "%") }
        var text = parts.joined(separator: " ")
        if let amount = record.amount?.value { text += ": " + amount }
        if let base = record.fields["TaxBase"], !base.isEmpty { text += " on " + base }
        line?.taxes.append(text)
    }

    /// A required field's value, or a refusal naming the element that lacks it.
    func required(_ fields: [String: SAFTField], _ name: String, in what: String, line: Int, path: SAFTPath) throws(LedgerError) -> SAFTField {
        guard let field = fields[name], !field.value.isEmpty else {
            throw refusal("\(what) has no \(name)", line: line, path: path.appending(name))
        }
        return field
    }

    /// An amount in the company's currency (or `currency`), exactly, or a refusal naming it.
    func amount(_ field: SAFTField, in currency: Currency? = nil) throws(LedgerError) -> Int64 {
        let currency = currency ?? self.currency
        do {
            return try AmountLimit.parse(field.value, currency)
        } catch {
            let hint = AmountLimit.isOverLimit(error) ? "" : " (\(currency) has \(currency.exponent) decimals)"
            throw LedgerError(error.code, error.message + hint, at: SourceLocation(file: file, line: field.line, field: field.path.text))
        }
    }
}
