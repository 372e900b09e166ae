import Governance
import LedgerCore

/// One piece of an entity's balance on an account: the part with one partner entity
/// (intercompany), or the rest (`partner` nil). Pieces are translated separately, so the
/// intercompany part the elimination removes is exactly the part the column holds.
public struct BalancePiece: Sendable, Hashable, Comparable {
    public var account: String
    public var partner: String?

    public init(account: String, partner: String?) {
        self.account = account
        self.partner = partner
    }

    public static func < (a: BalancePiece, b: BalancePiece) -> Bool {
        (a.account, a.partner ?? "") < (b.account, b.partner ?? "")
    }
}

/// A rate the translation needed, found or missing.
public struct RateUse: Sendable, Hashable, Comparable {
    public var from: Currency
    public var type: RateType
    public var period: PeriodID
    public var rate: ConversionRate?

    public static func < (a: RateUse, b: RateUse) -> Bool {
        (a.from.code, a.period, a.type.rawValue) < (b.from.code, b.period, b.type.rawValue)
    }
}

/// One entity's trial balance translated into the group currency (docs/close-process.md,
/// "Translation"): assets and liabilities at the period's closing rate, revenue and expense
/// at the average rate of the month they were booked in, equity at the closing rate of the
/// month it was booked in. The CTA is what makes the column balance, to the minor unit.
public struct EntityTranslation: Sendable {
    public var entity: String
    public var currency: Currency
    /// Group-currency balance per account (debit positive): balance sheet since inception,
    /// P&L for the fiscal year to date, earlier years on `TrialBalance.priorYearsAccount`,
    /// the CTA added to the translation account.
    public var balances: [String: Int64]
    public var ctaMinor: Int64
    /// The intercompany pieces in group currency (assets and liabilities at the period end,
    /// revenue and expense for the year to date) and their transaction-currency amounts.
    public var intercompany: [BalancePiece: Int64]
    public var intercompanyTransaction: [BalancePiece: [Currency: Int64]]
    public var rates: [RateUse]
}

/// The result of translating one entity: its column, or the rates it lacks.
public enum TranslationOutcome: Sendable {
    case translated(EntityTranslation)
    case missingRates([RateUse])
}

/// Translates an entity's books into the group currency from its monthly trial balances
/// and the lines on its intercompany accounts.
public struct Translator {
    let snapshot: any LedgerSnapshot
    let accounts: CloseAccounts

    public init(snapshot: any LedgerSnapshot, accounts: CloseAccounts) {
        self.snapshot = snapshot
        self.accounts = accounts
    }

    public func translate(_ entity: Entity, period: PeriodID) throws -> TranslationOutcome {
        let group = snapshot.group
        let history = try EntityHistory(snapshot: snapshot, entity: entity, period: period, accounts: accounts)
        let yearStart = period.fiscalYearStart(startMonth: group.fiscalYearStartMonth)
        var rates = RateBook(snapshot: snapshot, from: entity.currency, to: group.currency)
        var balances: [String: Int64] = [:]
        var intercompany: [BalancePiece: Int64] = [:]

        func add(_ piece: BalancePiece, _ amount: Int64, to account: String, intercompanyToo: Bool) throws {
            balances[account] = try Checked.add(balances[account] ?? 0, amount)
            if intercompanyToo, piece.partner != nil { intercompany[piece] = try Checked.add(intercompany[piece] ?? 0, amount) }
        }
        for (piece, functional) in history.closingPieces.sorted(by: { $0.key < $1.key }) {
            guard let rate = try rates.rate(.closing, period) else { continue }
            try add(piece, try rate.convert(functional), to: piece.account, intercompanyToo: true)
        }
        for (month, pieces) in history.movements.sorted(by: { $0.key < $1.key }) {
            for (piece, functional) in pieces.sorted(by: { $0.key < $1.key }) where functional != 0 {
                guard let type = group.account(piece.account)?.type else { continue }
                guard let rate = try rates.rate(type == .equity ? .closing : .average, month) else { continue }
                let translated = try rate.convert(functional)
                let current = type == .equity || month >= yearStart
                try add(piece, translated, to: current ? piece.account : TrialBalance.priorYearsAccount,
                        intercompanyToo: current && type != .equity)
            }
        }
        guard rates.missing.isEmpty else { return .missingRates(rates.missing.sorted()) }
        let cta = try Checked.negate(try Checked.sum(balances.values))
        if cta != 0 { balances[accounts.translation] = try Checked.add(balances[accounts.translation] ?? 0, cta) }
        return .translated(EntityTranslation(entity: entity.code, currency: entity.currency, balances: balances.filter { $0.value != 0 },
                                             ctaMinor: cta, intercompany: intercompany.filter { $0.value != 0 },
                                             intercompanyTransaction: history.intercompanyTransaction, rates: rates.used.sorted()))
    }
}

/// The rates of one currency into the group currency, looked up once each; what is not
/// stored is remembered as missing.
struct RateBook {
    let snapshot: any LedgerSnapshot
    let from: Currency
    let to: Currency
    private var cache: [String: ConversionRate?] = [:]
    private(set) var used: [RateUse] = []
    private(set) var missing: [RateUse] = []

    init(snapshot: any LedgerSnapshot, from: Currency, to: Currency) {
        self.snapshot = snapshot
        self.from = from
        self.to = to
    }

    mutating func rate(_ type: RateType, _ period: PeriodID) throws -> ConversionRate? {
        let key = "\(type.rawValue) \(period)"
        if let known = cache[key] { return known }
        let rate = try snapshot.rate(from: from, to: to, type: type, period: period)
        cache[key] = rate
        let use = RateUse(from: from, type: type, period: period, rate: rate)
        if rate == nil { missing.append(use) } else if from != to { used.append(use) }
        return rate
    }
}
