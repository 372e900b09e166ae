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
    /// "saft/<entity>/<journal>/", the start of the current journal's transaction keys; empty
    /// until its first transaction.
    var transactionKeyPrefix = ""
    var openingDone = false
    /// Where entries go as they are read, `chunkEntries` at a time; nil keeps them all.
    var deliver: ((SAFTChunk) throws(LedgerError) -> Void)?
    var chunkEntries = 4_096
    /// At most this many transaction keys are made room for ahead (about 50 MB of table).
    static let reservedKeysLimit = 1 << 20
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

    /// An element opened. `path` makes its path, which only the elements that open a record
    /// and errors need (a path node per element with children was a malloc per Line and more).
    mutating func start(_ name: String, _ id: SAFTName, parent: SAFTName, depth: Int, line number: Int, path: () -> SAFTPath) throws(LedgerError) {
        if depth == 2 {
            if id == .header {
                headerLine = number
            } else if !headerDone {
                throw refusal("<\(name)> comes before any Header: a SAF-T file starts with its Header (AuditFileVersion, Company, DefaultCurrencyCode, SelectionCriteria)", line: number, path: path().text)
            } else if id == .generalLedgerEntries {
                try makeOpening()
            }
            return
        }
        switch (id, parent) {
        case (.account, .generalLedgerAccounts): account = SAFTAccountRecord(line: number, path: path())
        case (.customer, .customers): party = SAFTPartyRecord(isCustomer: true)
        case (.supplier, .suppliers): party = SAFTPartyRecord(isCustomer: false)
        case (.transaction, .journal): transaction = SAFTTransactionRecord(line: number, path: path(), journalID: journalID)
        case (.line, .transaction) where transaction != nil: line = SAFTLineRecord(line: number, path: path())
        case (.taxInformation, .line) where line != nil: tax = SAFTTaxRecord()
        default: break
        }
    }

    /// The innermost open element closed: its name, its parent's, the section it is in (the
    /// root's child: Header, MasterFiles, GeneralLedgerEntries) and its depth (the root's is
    /// 1); `text` a leaf's text as written (empty for an element with children). A field's
    /// String is made only where a record keeps it, its path only where a field outside a Line
    /// or Transaction keeps it or an error names it; `pathBelowSection` names a Header field
    /// (`Company/Name`).
    mutating func end(_ id: SAFTName, _ name: String, parent: SAFTName, section: SAFTName, depth: Int,
                      text raw: UnsafeBufferPointer<UInt8>, line number: Int,
                      path: () -> SAFTPath, pathBelowSection: () -> String) throws(LedgerError) {
        func field() -> SAFTField { SAFTField(value: SAFTField.text(raw), line: number, path: path()) }
        func leaf() -> SAFTLeaf { SAFTLeaf(value: SAFTField.text(raw), line: number) }
        if depth > 2 && section == .header {
            let key = pathBelowSection()
            if header[key] == nil { header[key] = field() }
            return
        }
        if depth == 2 && id == .header { return try finishHeader(line: number, path: path()) }
        if tax != nil {
            switch (id, parent) {
            case (.taxInformation, _): return finishTax()
            case (_, .taxInformation): tax?.fields[name] = SAFTField.text(raw)
            case (.amount, .taxAmount):
                guard version == .v110 else {
                    throw refusal("AuditFileVersion says 1.30, but this tax amount is in the 1.10 layout (TaxAmount); 1.30 has DebitTaxAmount or CreditTaxAmount", line: number, path: path().text)
                }
                tax?.amount = leaf()
            case (.amount, .debitTaxAmount), (.amount, .creditTaxAmount): tax?.amount = leaf()
            default: break
            }
            return
        }
        if line != nil {
            switch (id, parent) {
            case (.line, _): return try finishLine()
            case (.accountID, .line): line?.accountID = leaf()
            case (.description, .line):
                // Often the Transaction's own Description: then that String, not one more.
                line?.description = SAFTLeaf(value: SAFTField.text(raw, sameAs: transaction?.description?.value), line: number)
            case (.customerID, .line): line?.customerID = leaf()
            case (.supplierID, .line): line?.supplierID = leaf()
            case (.sourceDocumentID, .line): line?.sourceDocumentID = leaf()
            case (.analysisType, .analysis): line?.analysisType = SAFTField.text(raw)
            case (.analysisID, .analysis) where line?.analysisType == SAFTWriter.partnerAnalysisType: line?.partner = SAFTField.text(raw)
            case (_, .debitAmount): setAmount(id, leaf, debit: true)
            case (_, .creditAmount): setAmount(id, leaf, debit: false)
            default: break
            }
            return
        }
        if transaction != nil {
            switch (id, parent) {
            case (.transaction, _): return try finishTransaction()
            case (.transactionID, .transaction): transaction?.transactionID = leaf()
            case (.transactionDate, .transaction): transaction?.transactionDate = leaf()
            case (.description, .transaction): transaction?.description = leaf()
            default: break
            }
            return
        }
        if account != nil {
            if id == .account { return try finishAccount() }
            if parent == .account {
                if id == .standardAccountID && version == .v130 {
                    throw refusal("AuditFileVersion says 1.30, but this account is in the 1.10 layout (StandardAccountID); 1.30 has GroupingCategory and GroupingCode", line: number, path: path().text)
                }
                account?.fields[name] = field()
            }
            return
        }
        if party != nil {
            switch id {
            case .customer, .supplier:
                if let party, !party.id.isEmpty {
                    if party.isCustomer { customers[party.id] = party.name } else { suppliers[party.id] = party.name }
                    // An intercompany partner's share of the opening balances (close's export).
                    if party.isCustomer, party.id.hasPrefix(SAFTWriter.partnerCustomerPrefix) {
                        let partner = String(party.id.dropFirst(SAFTWriter.partnerCustomerPrefix.count))
                        for opening in party.openings { partnerOpenings.append((opening.account, partner, opening.amountMinor)) }
                    }
                }
                party = nil
            case .balanceAccount:
                if let account = party?.balance["AccountID"]?.value {
                    let debit = try party?.balance["OpeningDebitBalance"].map { field throws(LedgerError) in try amount(field) } ?? 0
                    let credit = try party?.balance["OpeningCreditBalance"].map { field throws(LedgerError) in try amount(field) } ?? 0
                    party?.openings.append((account, try Checked.subtract(debit, credit)))
                }
                party?.balance = [:]
            case _ where parent == .balanceAccount: party?.balance[name] = field()
            case .customerID where parent == .customer, .supplierID where parent == .supplier: party?.id = SAFTField.text(raw)
            case .name where parent == .customer || parent == .supplier: party?.name = SAFTField.text(raw)
            default: break
            }
            return
        }
        switch (id, parent) {
        case (.journalID, .journal):
            journalID = SAFTField.text(raw)
            transactionKeyPrefix = ""
        case (_, .generalLedgerEntries):
            totals[name] = field()
            // The transactions to come, stated before the first Journal: room for their keys at
            // once instead of rehashing them all as the table doubles, up to a bound a hostile
            // file cannot push (the count is checked against the file's at the end).
            if name == "NumberOfEntries", let stated = Int(SAFTField.text(raw)), stated > 0 {
                transactionKeys.reserveCapacity(min(stated, SAFTAssembler.reservedKeysLimit))
            }
        default: break
        }
    }

    /// A leaf of DebitAmount or CreditAmount, set in place (a copy of the amount record out
    /// and back was a copy of four fields per leaf).
    private mutating func setAmount(_ id: SAFTName, _ field: () -> SAFTLeaf, debit: Bool) {
        guard line != nil else { return }
        if debit {
            if line!.debit == nil { line!.debit = SAFTAmountRecord() }
            Self.set(id, field, in: &line!.debit!)
        } else {
            if line!.credit == nil { line!.credit = SAFTAmountRecord() }
            Self.set(id, field, in: &line!.credit!)
        }
    }

    private static func set(_ id: SAFTName, _ field: () -> SAFTLeaf, in amount: inout SAFTAmountRecord) {
        switch id {
        case .amount: amount.amount = field()
        case .currencyCode: amount.currencyCode = field()
        case .currencyAmount: amount.currencyAmount = field()
        case .exchangeRate: amount.exchangeRate = field()
        default: return
        }
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

    /// A record's required leaf, or a refusal naming the element that lacks it.
    func required(_ leaf: SAFTLeaf?, _ name: String, in what: String, line: Int, path: SAFTPath) throws(LedgerError) -> SAFTLeaf {
        guard let leaf, !leaf.value.isEmpty else {
            throw refusal("\(what) has no \(name)", line: line, path: path.appending(name))
        }
        return leaf
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
        try amount(SAFTLeaf(value: field.value, line: field.line), in: currency, path: field.path.text)
    }

    /// A record's leaf as an amount; `path` is the leaf's, made only for the refusal.
    func amount(_ leaf: SAFTLeaf, in currency: Currency? = nil, path: @autoclosure () -> String) throws(LedgerError) -> Int64 {
        let currency = currency ?? self.currency
        do {
            return try AmountLimit.parse(leaf.value, currency)
        } catch {
            let hint = AmountLimit.isOverLimit(error) ? "" : " (\(currency) has \(currency.exponent) decimals)"
            throw LedgerError(error.code, error.message + hint, at: SourceLocation(file: file, line: leaf.line, field: path()))
        }
    }
}
