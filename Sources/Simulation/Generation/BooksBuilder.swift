import LedgerCore

/// What one entity does and where its money sits, resolved from the scenario once.
struct EntityPlan {
    let entity: Entity
    let index: Int
    let volumes: Volumes
    /// The account in the entity's own currency: sales, purchases, payroll, fees.
    let operating: BankAccount
    /// The account in the group currency: intercompany charges, loans and their interest.
    let groupAccount: BankAccount
    /// The account that earns interest.
    let savings: BankAccount
    let taxPercent: Int
    var customers: [Counterparty] = []
    var suppliers: [Counterparty] = []
    var code: String { entity.code }
    var currency: Currency { entity.currency }
}

/// An invoice waiting to be paid, with the day its payment is due to arrive.
struct OpenItem {
    let plan: Int
    let counterparty: Counterparty
    let invoice: String
    let entryID: String
    let date: CalendarDate
    let currency: Currency
    let grossMinor: Int64
    /// When the money moves (customer pays, or our payment run sends it).
    let paymentDate: CalendarDate
}

/// Money moving on a bank account: the entries that record it (none if unrecorded) and
/// how the bank shows it (no bank date if the bank never shows it in the window).
struct BankMovement {
    let entity: String
    let account: String
    let currency: Currency
    /// Signed: positive is money in.
    var amountMinor: Int64
    var bankDate: CalendarDate?
    var entryIDs: [String]
    var reference: String
    let counterparty: String
    let description: String
    let kind: BankLineKind
    var fault: String?
    var isBankDuplicate = false
    /// A customer receipt the bank may book together with others of the same day.
    var isBatchable = false
}

/// The generator's working state: entries by month, bank movements, open items. Every
/// operation appends; nothing is edited except by the fault injector, on purpose.
struct BooksBuilder {
    let scenario: Scenario
    let rates: RatePath
    var plans: [EntityPlan]
    let prior: PeriodID
    let period: PeriodID
    let next: PeriodID
    /// Entries dated after this day are outside the simulated window.
    let horizon: CalendarDate

    var entries: [PeriodID: [JournalEntryDraft]] = [:]
    var movements: [BankMovement] = []
    var receivables: [OpenItem] = []
    var payables: [OpenItem] = []
    var goodsReceipts: [GoodsReceipt] = []
    var faults: [InjectedFault] = []
    /// Intercompany charges of the prior month, settled in the period.
    var unsettledCharges: [(issuer: Int, receiver: Int, reference: String, amountMinor: Int64)] = []
    var loans: [(lender: Int, borrower: Int, reference: String, principal: Int64, date: CalendarDate)] = []
    var intercompanyPairs = 0
    /// Bank balances at the start of the window, by "entity/account".
    var bankOpening: [String: Int64] = [:]
    private var counters: [String: Int] = [:]

    init(scenario: Scenario, rates: RatePath, plans: [EntityPlan]) {
        self.scenario = scenario
        self.rates = rates
        self.plans = plans
        period = scenario.period
        prior = scenario.period.previous
        next = scenario.period.next
        horizon = next.firstDay.adding(days: 9)
    }

    /// A fresh sampler for one purpose, independent of every other stream.
    func sampler(_ parts: UInt64...) -> Sampler {
        Sampler(seed: scenario.seed, stream: parts)
    }

    /// "SI-DE01-2605-000012": kind, entity, month, running number.
    mutating func number(_ prefix: String, _ entity: String, _ month: PeriodID) -> String {
        let key = "\(prefix)-\(entity)-\(month.year % 100 < 10 ? "0" : "")\(month.year % 100)\(month.month < 10 ? "0" : "")\(month.month)"
        let value = (counters[key] ?? 0) + 1
        counters[key] = value
        return key + "-" + Self.padded(value, 6)
    }

    /// A supplier's own invoice number: its code, the year and its count of invoices that
    /// year (`4711-2026-00017`), unique per supplier and year as a real supplier's numbering is,
    /// so that nothing downstream can lean on a number coming back every month.
    mutating func supplierInvoice(_ supplier: Counterparty, _ date: CalendarDate) -> String {
        let key = "supplier-invoice-\(supplier.id)-\(date.year)"
        let value = (counters[key] ?? 0) + 1
        counters[key] = value
        return "\(supplier.id.suffix(4))-\(date.year)-\(Self.padded(value, 5))"
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Adds an entry as a subledger import would: the entry's description is its first
    /// line's, as in a journal file. Entries outside the window are dropped.
    mutating func post(_ id: String, _ entity: String, _ date: CalendarDate, _ lines: [EntryLine]) {
        guard date <= horizon else { return }
        let draft = JournalEntryDraft(entity: entity, date: date, description: lines.first?.description ?? "",
                                      source: .fileImport, idempotencyKey: id, lines: lines)
        entries[date.period, default: []].append(draft)
    }

    /// The bank shows it on `bankDate`; `entryIDs` record it in the ledger.
    mutating func move(_ plan: EntityPlan, on account: BankAccount, amount: Int64, bankDate: CalendarDate?, entryIDs: [String],
                       reference: String, counterparty: String, description: String, kind: BankLineKind = .transfer) {
        if let bankDate, bankDate > horizon { return }
        movements.append(BankMovement(entity: plan.code, account: account.account, currency: account.currency,
                                      amountMinor: amount, bankDate: bankDate, entryIDs: entryIDs, reference: reference,
                                      counterparty: counterparty, description: description, kind: kind))
    }

    func line(_ account: String, _ currency: Currency, _ amount: Int64, partner: String? = nil,
              reference: String = "", _ description: String) -> EntryLine {
        EntryLine(account: account, currency: currency, amountMinor: amount, partner: partner,
                  reference: reference, description: description)
    }

    /// `percent` of `amount`, rounded half to even.
    static func percent(_ amount: Int64, _ percent: Int) -> Int64 {
        Int64(Rounding.divideHalfEven(Int128(amount) * Int128(percent), by: 100))
    }

    /// Every draft, month by month, in date order (stable, so same-day entries keep their order).
    func journals() -> [GeneratedBooks.Journal] {
        entries.keys.sorted().map { month in
            let ordered = entries[month]!.enumerated().sorted { a, b in
                a.element.date != b.element.date ? a.element.date < b.element.date : a.offset < b.offset
            }.map(\.element)
            return GeneratedBooks.Journal(period: month, entries: ordered)
        }
    }
}
