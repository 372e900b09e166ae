import Interchange
import LedgerCore
import Yams

/// The sections of a scenario that depend on the group: opening balances, volumes and rates
/// name its entities, accounts and currencies, so they are read after it and checked against it.
extension ScenarioFile {
    /// The keys of a volumes mapping, with the field each one sets.
    static var volumeFields: [(key: String, field: WritableKeyPath<Volumes, Int>)] {
        [("sales", \.sales), ("purchases", \.purchases), ("payroll", \.payroll), ("rent", \.rent),
         ("intercompany_charges", \.intercompanyCharges), ("intercompany_loans", \.intercompanyLoans),
         ("asset_purchases", \.assetPurchases), ("bank_fees", \.bankFees), ("interest", \.interest)]
    }

    /// Every entity gets volumes: `default` merged with the entity's own keys; a key in neither is 0.
    static func volumes(in document: YAMLMapping, group: GroupDefinition) throws(LedgerError) -> [String: Volumes] {
        let entityCodes = group.operatingEntities.map(\.code)
        let section = try document.mapping("volumes", keys: ["default"] + entityCodes)
        var base = Volumes()
        if let defaults = try section.optionalMapping("default", keys: volumeFields.map(\.key)) {
            base = try read(defaults, over: base)
        }
        var volumes: [String: Volumes] = [:]
        for code in entityCodes {
            if let override = try section.optionalMapping(code, keys: volumeFields.map(\.key)) {
                volumes[code] = try read(override, over: base)
            } else {
                volumes[code] = base
            }
        }
        return volumes
    }

    private static func read(_ fields: YAMLMapping, over base: Volumes) throws(LedgerError) -> Volumes {
        var volumes = base
        for (key, field) in volumeFields {
            volumes[keyPath: field] = try fields.count(key, in: 0...Int.max, default: base[keyPath: field])
        }
        return volumes
    }

    // MARK: Opening balances

    /// `generated` (the default) or a list of balances that sum to zero per entity.
    static func opening(in document: YAMLMapping, group: GroupDefinition) throws(LedgerError) -> OpeningBalances {
        guard let node = document.node("opening"), !YAMLMapping.isNull(node) else { return .generated }
        if let word = node.scalar?.string {
            guard word == "generated" else {
                throw document.failure("opening", "'opening' must be generated or a list of {entity, account, amount, partner}; found '\(word)'")
            }
            return .generated
        }
        var balances: [OpeningBalance] = []
        var totals: [String: Int64] = [:]
        for (node, path) in try document.list("opening") {
            let fields = try document.element(node, path: path, keys: ["entity", "account", "amount", "partner"])
            let balance = try openingBalance(fields, group: group)
            do {
                totals[balance.entity] = try Checked.add(totals[balance.entity] ?? 0, balance.amountMinor)
            } catch {
                throw fields.failure("amount", "the opening balances of \(balance.entity) add up beyond 64 bits: \(error.message)")
            }
            balances.append(balance)
        }
        // An opening balance sheet that does not balance would break the trial balance from day one.
        for entity in group.entities {
            guard let total = totals[entity.code], total != 0 else { continue }
            let sum = Money(minorUnits: total, currency: entity.currency)
            throw LedgerError(.invalidScenario, "the opening balances of \(entity.code) sum to \(sum); each entity's must sum to zero (debits positive, credits negative)",
                              at: SourceLocation(file: document.file, line: document.keyLine(of: "opening"), field: "opening"))
        }
        return .given(balances)
    }

    private static func openingBalance(_ fields: YAMLMapping, group: GroupDefinition) throws(LedgerError) -> OpeningBalance {
        let entityCode = try fields.text("entity")
        guard let entity = group.entity(entityCode) else {
            throw fields.failure("entity", "unknown entity '\(entityCode)'; the group's entities are \(group.entities.map(\.code).joined(separator: ", "))")
        }
        let accountCode = try fields.text("account")
        guard let account = group.account(accountCode) else {
            throw fields.failure("account", "unknown account '\(accountCode)'; it is not in the group's chart of accounts")
        }
        guard !account.isClosed else { throw fields.failure("account", "account \(accountCode) is closed and takes no balance") }
        let amountText = try fields.text("amount")
        let amount: Money
        do {
            amount = try Money(parsing: amountText, currency: entity.currency)
        } catch {
            throw fields.failure("amount", "amount \(error.message) (in \(entity.code)'s functional currency \(entity.currency), debit positive)")
        }
        guard !amount.isZero else { throw fields.failure("amount", "amount is zero; leave the balance out instead") }
        let partner = try fields.optionalText("partner")
        if let partner {
            guard group.entity(partner) != nil, partner != entity.code else {
                throw fields.failure("partner", "partner '\(partner)' must be another entity of the group")
            }
        } else if account.isIntercompany {
            throw fields.failure("partner", "account \(accountCode) is intercompany: the balance needs a partner entity")
        }
        return OpeningBalance(entity: entityCode, account: accountCode, amountMinor: amount.minorUnits, partner: partner)
    }

    // MARK: Bank and faults

    static func bank(in document: YAMLMapping) throws(LedgerError) -> BankBehaviour {
        let defaults = BankBehaviour()
        let keys = ["payment_delay_days", "receipt_delay_days", "batched_receipts_percent", "reference_noise_percent"]
        guard let section = try document.optionalMapping("bank", keys: keys) else { return defaults }
        return BankBehaviour(
            paymentDelayDays: try dayRange("payment_delay_days", in: section, default: defaults.paymentDelayDays),
            receiptDelayDays: try dayRange("receipt_delay_days", in: section, default: defaults.receiptDelayDays),
            batchedReceiptsPercent: try section.count("batched_receipts_percent", in: 0...100, default: defaults.batchedReceiptsPercent),
            referenceNoisePercent: try section.count("reference_noise_percent", in: 0...100, default: defaults.referenceNoisePercent))
    }

    static let maxDelayDays = 10

    /// `[min, max]`, 0 <= min <= max <= 10.
    private static func dayRange(_ key: String, in section: YAMLMapping, default defaultValue: ClosedRange<Int>) throws(LedgerError) -> ClosedRange<Int> {
        guard let node = section.node(key), !YAMLMapping.isNull(node) else { return defaultValue }
        let expected = "a list [min, max] of days from 0 to \(maxDelayDays)"
        guard let elements = node.sequence, elements.count == 2 else {
            throw section.failure(key, "'\(key)' must be \(expected); found \(YAMLMapping.kind(of: node))")
        }
        var days: [Int] = []
        for (index, element) in elements.enumerated() {
            guard let text = element.scalar?.string, let value = YAMLMapping.wholeNumber(text), value <= maxDelayDays else {
                throw section.failure(at: element, field: "\(section.fieldPath(key))[\(index)]",
                                      "'\(key)' must be \(expected); found \(YAMLMapping.kind(of: element))")
            }
            days.append(Int(value))
        }
        guard days[0] <= days[1] else {
            throw section.failure(key, "'\(key)' must be [min, max] with min <= max; found [\(days[0]), \(days[1])]")
        }
        return days[0]...days[1]
    }

    /// Fault kind -> count; a count of 0 is the same as leaving the kind out.
    static func faults(in document: YAMLMapping) throws(LedgerError) -> [FaultKind: Int] {
        guard let section = try document.optionalMapping("faults", keys: FaultKind.allCases.map(\.rawValue)) else { return [:] }
        var faults: [FaultKind: Int] = [:]
        for key in section.keys {
            let count = try section.count(key, in: 0...Int.max, default: 0)
            if count > 0 { faults[FaultKind(rawValue: key)!] = count }  // the key was checked against allCases
        }
        return faults
    }
}

// MARK: Exchange rates

extension ScenarioFile {
    /// Bounds in parts per million: volatility 0 ... 0.2; a shock strictly inside (-0.9, 10),
    /// so a rate can neither reach zero nor grow without limit.
    static let maxDailyVolatilityPPM = 200_000
    static let shockChangePPMBounds = (above: -900_000, below: 10_000_000)

    /// Required when the group uses any currency besides its own; then every such currency
    /// needs a start rate, because the generator converts every foreign amount.
    static func fx(in document: YAMLMapping, group: GroupDefinition, period: PeriodID) throws(LedgerError) -> FXPath {
        let needed = neededCurrencies(of: group)
        guard let section = try document.optionalMapping("fx", keys: ["start", "daily_volatility", "shock"]) else {
            guard needed.isEmpty else {
                let codes = needed.map(\.currency.code).joined(separator: ", ")
                throw document.failure("fx", "missing 'fx'; the group uses \(codes) besides its currency \(group.currency), so fx.start needs a rate for each")
            }
            return FXPath(start: [:])
        }
        let start = try startRates(in: try section.mapping("start", keys: nil), group: group, needed: needed)
        let volatility = try fractionPPM("daily_volatility", in: section, default: 0)
        guard (0...maxDailyVolatilityPPM).contains(volatility) else {
            throw section.failure("daily_volatility", "'daily_volatility' must be from 0 to 0.2 (a fraction: 0.004 is 0.4% a day); found '\(try section.text("daily_volatility"))'")
        }
        let shock = try section.optionalMapping("shock", keys: ["date", "currency", "change"])
        return FXPath(start: start, dailyVolatilityPPM: volatility,
                      shock: try shock.map { (fields) throws(LedgerError) in try self.shock(fields, start: start, period: period) })
    }

    /// The currencies other than the group's, each with the first reason it is needed.
    static func neededCurrencies(of group: GroupDefinition) -> [(currency: Currency, reason: String)] {
        var needed: [(currency: Currency, reason: String)] = []
        func need(_ currency: Currency, _ reason: String) {
            guard currency != group.currency, !needed.contains(where: { $0.currency == currency }) else { return }
            needed.append((currency, reason))
        }
        for entity in group.entities { need(entity.currency, "the functional currency of \(entity.code)") }
        for bank in group.bankAccounts { need(bank.currency, "the currency of bank account \(bank.iban) of \(bank.entity)") }
        return needed
    }

    private static func startRates(in start: YAMLMapping, group: GroupDefinition,
                                   needed: [(currency: Currency, reason: String)]) throws(LedgerError) -> [Currency: ExchangeRate] {
        var rates: [Currency: ExchangeRate] = [:]
        for code in start.keys {
            let currency: Currency
            do {
                currency = try Currency(code)
            } catch {
                throw start.failure(code, error.message)
            }
            guard currency != group.currency else {
                throw start.failure(code, "\(code) is the group currency; its rate is 1 by definition, so leave it out")
            }
            do {
                rates[currency] = try ExchangeRate(parsing: try start.text(code))
            } catch where error.code == .invalidScenario {
                throw error
            } catch {
                throw start.failure(code, "\(code) \(error.message) (units of \(group.currency) for one \(code))")
            }
        }
        for (currency, reason) in needed where rates[currency] == nil {
            throw start.failure(currency.code, "missing a start rate for \(currency), \(reason); fx.start needs every currency the group uses besides \(group.currency)")
        }
        return rates
    }

    private static func shock(_ fields: YAMLMapping, start: [Currency: ExchangeRate], period: PeriodID) throws(LedgerError) -> FXShock {
        let dateText = try fields.text("date")
        let date: CalendarDate
        do {
            date = try CalendarDate(parsing: dateText)
        } catch {
            throw fields.failure("date", "the shock's date \(error.message)")
        }
        // The generator writes the month before the period too, so a shock may fall in it.
        let first = period.previous.firstDay, last = period.lastDay
        guard first <= date, date <= last else {
            throw fields.failure("date", "the shock's date \(date) must fall in \(period) or the month before (\(first) to \(last))")
        }
        let code = try fields.text("currency")
        guard let currency = try? Currency(code), start[currency] != nil else {
            let known = start.keys.sorted().map(\.code).joined(separator: ", ")
            throw fields.failure("currency", "the shock's currency '\(code)' has no rate in fx.start (\(known.isEmpty ? "none" : known))")
        }
        let change = try fractionPPM("change", in: fields, default: nil)
        guard change > shockChangePPMBounds.above, change < shockChangePPMBounds.below else {
            throw fields.failure("change", "'change' must be more than -0.9 and less than 10 (a fraction: -0.08 is a fall of 8%); found '\(try fields.text("change"))'")
        }
        return FXShock(date: date, currency: currency, changePPM: change)
    }

    /// A signed decimal fraction with at most 6 decimals, in parts per million (0.004 -> 4000):
    /// read exactly with `Decimal10`, never through a floating-point number.
    private static func fractionPPM(_ key: String, in fields: YAMLMapping, default defaultValue: Int?) throws(LedgerError) -> Int {
        guard let text = try fields.optionalText(key) else {
            guard let defaultValue else { throw fields.failure(key, "missing '\(key)'; expected a decimal fraction such as 0.004") }
            return defaultValue
        }
        do {
            return Int(try Decimal10.parse(text, scale: 6))
        } catch {
            throw fields.failure(key, "'\(key)' must be a decimal fraction with at most 6 decimals such as 0.004: \(error.message)")
        }
    }
}
