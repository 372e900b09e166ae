import LedgerCore

/// A scenario: a group, a month to simulate, and how that month's business and bank behave,
/// with the faults to inject. Read from YAML by `ScenarioFile` (docs/scenario-format.md).
/// Same scenario and seed, same books and files, byte for byte.
public struct Scenario: Sendable, Hashable {
    public var name: String
    public var description: String
    public var seed: UInt64
    /// Multiplies every volume; 1 is the scenario as written.
    public var scale: Int
    public var group: GroupDefinition
    /// The month to close. The generator also writes the month before it (for flux review).
    public var period: PeriodID
    public var opening: OpeningBalances
    /// Volumes per entity code; every entity of the group has one.
    public var volumes: [String: Volumes]
    public var fx: FXPath
    public var bank: BankBehaviour
    /// How many of each fault to inject into `period` (not scaled by `scale`).
    public var faults: [FaultKind: Int]

    public init(name: String, description: String, seed: UInt64, scale: Int = 1, group: GroupDefinition,
                period: PeriodID, opening: OpeningBalances = .generated, volumes: [String: Volumes],
                fx: FXPath, bank: BankBehaviour = BankBehaviour(), faults: [FaultKind: Int] = [:]) {
        self.name = name
        self.description = description
        self.seed = seed
        self.scale = scale
        self.group = group
        self.period = period
        self.opening = opening
        self.volumes = volumes
        self.fx = fx
        self.bank = bank
        self.faults = faults
    }
}

/// Opening balances at the start of the month before `period`.
public enum OpeningBalances: Sendable, Hashable {
    /// A balance sheet sized to each entity's volumes.
    case generated
    /// Exactly these balances; each entity's must sum to zero in its functional currency.
    case given([OpeningBalance])
}

public struct OpeningBalance: Sendable, Hashable {
    public var entity: String
    public var account: String
    /// Signed, in the entity's functional currency: positive is a debit balance.
    public var amountMinor: Int64
    /// The partner entity, required on intercompany accounts.
    public var partner: String?

    public init(entity: String, account: String, amountMinor: Int64, partner: String? = nil) {
        self.entity = entity
        self.account = account
        self.amountMinor = amountMinor
        self.partner = partner
    }
}

/// How much business an entity does in one month (before `Scenario.scale`).
public struct Volumes: Sendable, Hashable {
    /// Customer invoices issued.
    public var sales: Int
    /// Supplier invoices received.
    public var purchases: Int
    /// Employees paid (one payroll run a month).
    public var payroll: Int
    /// Rent payments.
    public var rent: Int
    /// Intercompany charges this entity issues to other entities.
    public var intercompanyCharges: Int
    /// Intercompany loans this entity grants (each with monthly interest).
    public var intercompanyLoans: Int
    /// Fixed assets bought.
    public var assetPurchases: Int
    /// Bank fees charged (and recorded) on the operating account.
    public var bankFees: Int
    /// Interest credits on the savings account.
    public var interest: Int

    public init(sales: Int = 0, purchases: Int = 0, payroll: Int = 0, rent: Int = 0, intercompanyCharges: Int = 0,
                intercompanyLoans: Int = 0, assetPurchases: Int = 0, bankFees: Int = 0, interest: Int = 0) {
        self.sales = sales
        self.purchases = purchases
        self.payroll = payroll
        self.rent = rent
        self.intercompanyCharges = intercompanyCharges
        self.intercompanyLoans = intercompanyLoans
        self.assetPurchases = assetPurchases
        self.bankFees = bankFees
        self.interest = interest
    }

    /// Every volume multiplied by `factor`, overflow-checked.
    public func scaled(by factor: Int) throws(LedgerError) -> Volumes {
        func times(_ value: Int) throws(LedgerError) -> Int {
            let (result, overflow) = value.multipliedReportingOverflow(by: factor)
            guard !overflow else { throw LedgerError(.overflow, "volume \(value) times scale \(factor) overflows") }
            return result
        }
        return Volumes(sales: try times(sales), purchases: try times(purchases), payroll: try times(payroll),
                       rent: try times(rent), intercompanyCharges: try times(intercompanyCharges),
                       intercompanyLoans: try times(intercompanyLoans), assetPurchases: try times(assetPurchases),
                       bankFees: try times(bankFees), interest: try times(interest))
    }
}

/// The exchange-rate path of the simulated months: a daily random walk from the start rates.
public struct FXPath: Sendable, Hashable {
    /// Units of group currency for one unit of each other currency on the first day.
    public var start: [Currency: ExchangeRate]
    /// Standard deviation of the daily relative change, in parts per million (4000 = 0.4%).
    public var dailyVolatilityPPM: Int
    public var shock: FXShock?

    public init(start: [Currency: ExchangeRate], dailyVolatilityPPM: Int = 0, shock: FXShock? = nil) {
        self.start = start
        self.dailyVolatilityPPM = dailyVolatilityPPM
        self.shock = shock
    }
}

/// A one-day jump of one currency against the group currency.
public struct FXShock: Sendable, Hashable {
    public var date: CalendarDate
    public var currency: Currency
    /// Relative change in parts per million, signed (-80000 = -8%).
    public var changePPM: Int

    public init(date: CalendarDate, currency: Currency, changePPM: Int) {
        self.date = date
        self.currency = currency
        self.changePPM = changePPM
    }
}

/// How the bank treats the month's payments.
public struct BankBehaviour: Sendable, Hashable {
    /// Days between a supplier payment in the ledger and its debit on the statement.
    public var paymentDelayDays: ClosedRange<Int>
    /// Days between a customer receipt's value date and its booking in the ledger.
    public var receiptDelayDays: ClosedRange<Int>
    /// Percent of a day's customer receipts the bank books as one batch line.
    public var batchedReceiptsPercent: Int
    /// Percent of statement references the bank alters harmlessly (case, spacing, a prefix).
    public var referenceNoisePercent: Int

    public init(paymentDelayDays: ClosedRange<Int> = 0...1, receiptDelayDays: ClosedRange<Int> = 0...1,
                batchedReceiptsPercent: Int = 0, referenceNoisePercent: Int = 0) {
        self.paymentDelayDays = paymentDelayDays
        self.receiptDelayDays = receiptDelayDays
        self.batchedReceiptsPercent = batchedReceiptsPercent
        self.referenceNoisePercent = referenceNoisePercent
    }
}

/// The kinds of fault a scenario can inject, each recorded with its ground truth.
public enum FaultKind: String, Sendable, Hashable, CaseIterable, Comparable {
    case unrecordedBankFee = "unrecorded-bank-fee"
    case referenceTypo = "reference-typo"
    case multiInvoiceReceipt = "multi-invoice-receipt"
    case duplicateBankLine = "duplicate-bank-line"
    case duplicateLedgerEntry = "duplicate-ledger-entry"
    case paymentInTransit = "payment-in-transit"
    case intercompanyOneSided = "intercompany-one-sided"
    case intercompanyAmountMismatch = "intercompany-amount-mismatch"
    case intercompanyCutOff = "intercompany-cut-off"
    case suspensePosting = "suspense-posting"
    case missingAccrual = "missing-accrual"
    case wrongEntityExpense = "wrong-entity-expense"

    public static func < (a: FaultKind, b: FaultKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// How much a scenario may generate, so that generating it fits in memory.
extension Scenario {
    /// `scale` (and `--scale`): 1 to 10,000.
    public static let scaleRange = 1...10_000
    /// The business of one month over every entity, volumes times `scale`: at most 1,500,000
    /// events, enough for ten times `large` (1,393,040). A fixed bound, the same on every
    /// machine, so that a scenario file is valid or not wherever it is read.
    public static let maxMonthlyVolume = 1_500_000
    /// What generating one event of a month costs in memory, with everything the generator
    /// keeps until the books are loaded (both months' entries, open items, bank movements).
    /// Measured (docs/performance.md): `large` at scale 5, 696,520 events, peaked at 4.23 GiB
    /// (6,370 bytes an event); at scale 2, 6,000 bytes.
    public static let generationBytesPerEvent: UInt64 = 6_500

    /// The events of one month over every entity, volumes times `scale`, in 128 bits (a file
    /// may give any whole number).
    public var monthlyEvents: Int128 {
        group.operatingEntities.reduce(Int128(0)) { $0 + (volumes[$1.code] ?? Volumes()).total * Int128(scale) }
    }

    /// Refuses a scenario that would generate more than `maxMonthlyVolume` events a month,
    /// before anything is generated; the error names `scale`.
    public func checkSize() throws(LedgerError) {
        guard Self.scaleRange.contains(scale) else {
            throw LedgerError(.invalidScenario, "scale \(scale) is outside 1 to \(Self.scaleRange.upperBound)", at: SourceLocation(field: "scale"))
        }
        let total = monthlyEvents
        guard total <= Int128(Self.maxMonthlyVolume) else {
            throw LedgerError(.invalidScenario, "the volumes times scale \(scale) make \(total) business events a month over the entities; at most \(Self.maxMonthlyVolume) are generated (about 20 million journal lines, 10 GB of memory); lower the scale or the volumes",
                              at: SourceLocation(field: "scale"))
        }
    }

    /// About how many bytes generating the scenario holds at its peak.
    public var generationBytes: UInt64 {
        let (bytes, overflow) = UInt64(clamping: monthlyEvents).multipliedReportingOverflow(by: Self.generationBytesPerEvent)
        return overflow ? .max : bytes
    }

    /// Refuses, before anything is generated, a scenario whose books would not fit in
    /// `physicalMemory` with a fifth left over for the system and the ledger's own work: a
    /// clear message instead of a process the system kills half way.
    public func checkMemory(physicalMemory: UInt64) throws(LedgerError) {
        let needed = generationBytes
        guard needed <= physicalMemory / 5 * 4 else {
            throw LedgerError(.invalidScenario, "generating scale \(scale) (\(monthlyEvents) business events a month) needs about \(Self.gigabytes(needed)) of memory and this machine has \(Self.gigabytes(physicalMemory)); lower the scale or the volumes",
                              at: SourceLocation(field: "scale"))
        }
    }

    /// "9.1 GB": one decimal, from whole bytes, without floating point.
    static func gigabytes(_ bytes: UInt64) -> String {
        let tenths = bytes / 100_000_000 + (bytes % 100_000_000 >= 50_000_000 ? 1 : 0)  // half up, never past UInt64.max
        return "\(tenths / 10).\(tenths % 10) GB"
    }
}

extension Volumes {
    /// Every count of the month added up, in 128 bits (a file may give any whole number).
    var total: Int128 {
        [sales, purchases, payroll, rent, intercompanyCharges, intercompanyLoans, assetPurchases, bankFees, interest]
            .reduce(Int128(0)) { $0 + Int128($1) }
    }
}
