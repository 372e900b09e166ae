import Foundation
import LedgerCore

/// Generates a scenario's books: the month before the period and the period itself, for
/// every entity, with the faults injected into the period. A pure function of the scenario
/// (and its seed): same scenario, same books, to the byte.
public enum Generator {
    /// The steps `generate` reports, in order, to whoever shows progress.
    public static let steps = ["simulating the month before", "simulating the period", "settling and injecting faults", "building the bank statements"]

    /// `physicalMemory` is the machine's (injected by tests): a scenario whose books would not
    /// fit is refused before any memory is spent on it. `step` is told the index in `steps` of
    /// each step as it starts (progress only: the books do not depend on it).
    public static func generate(_ scenario: Scenario, physicalMemory: UInt64 = ProcessInfo.processInfo.physicalMemory,
                                step: (Int) -> Void = { _ in }) throws(LedgerError) -> GeneratedBooks {
        try scenario.checkSize()
        try scenario.checkMemory(physicalMemory: physicalMemory)
        var plans = try plan(scenario)
        let currencies = Set(plans.flatMap { [$0.currency, $0.operating.currency, $0.groupAccount.currency] } + [scenario.group.currency]).sorted()
        var fxRandom = Sampler(seed: scenario.seed, stream: [99])
        let rates = try RatePath(fx: scenario.fx, group: scenario.group.currency, currencies: currencies,
                                 from: scenario.period.previous.firstDay, through: scenario.period.next.firstDay.adding(days: 9),
                                 sampler: &fxRandom)
        let counterparties = Self.counterparties(scenario, &plans)

        var builder = BooksBuilder(scenario: scenario, rates: rates, plans: plans)
        builder.open()
        for (index, month) in [scenario.period.previous, scenario.period].enumerated() {
            step(index)
            builder.simulate(month)
            builder.loanInterest(month)
        }
        step(2)
        builder.settleOpenItems()
        builder.settleIntercompany()
        builder.injectFaults()
        builder.fundWorkingCapital()

        let journals = builder.journals()
        var entryDates: [String: CalendarDate] = [:]
        for journal in journals { for entry in journal.entries { entryDates[entry.idempotencyKey] = entry.date } }
        let accounts = bankAccounts(scenario, plans)
        step(3)
        let (statements, truth, faultLines) = builder.statements(accounts: accounts, entryDates: entryDates)
        let faults = builder.faults.map { fault in
            var fault = fault
            fault.rows += faultLines[fault.id] ?? []
            return fault
        }
        return GeneratedBooks(scenario: scenario,
                              rates: try rates.quotes(currencies: currencies, monthEnds: [scenario.period.previous, scenario.period]),
                              journals: journals, statements: statements,
                              goodsReceipts: builder.goodsReceipts.sorted { ($0.entity, $0.date, $0.id) < ($1.entity, $1.date, $1.id) },
                              counterparties: counterparties, faults: faults, bankTruth: truth,
                              intercompanyPairs: builder.intercompanyPairs)
    }

    /// Each entity's volumes and bank accounts: the operating account in its own currency,
    /// an account in the group currency, and the account that earns interest.
    static func plan(_ scenario: Scenario) throws(LedgerError) -> [EntityPlan] {
        let group = scenario.group
        var plans: [EntityPlan] = []
        for (index, entity) in group.operatingEntities.enumerated() {
            let banks = bankAccounts(of: entity, in: group)
            guard let operating = banks.first(where: { $0.currency == entity.currency }) else {
                throw LedgerError(.invalidScenario, "entity \(entity.code) has no bank account in its currency \(entity.currency); add one under bank_accounts in the group",
                                  at: SourceLocation(field: "group.bank_accounts"))
            }
            let inGroupCurrency = banks.first { $0.currency == group.currency && $0.account != operating.account }
                ?? (operating.currency == group.currency ? operating : nil)
            let volumes = try (scenario.volumes[entity.code] ?? Volumes()).scaled(by: scenario.scale)
            plans.append(EntityPlan(entity: entity, index: index, volumes: volumes, operating: operating,
                                    groupAccount: inGroupCurrency ?? operating,
                                    savings: banks.first { $0.account != operating.account } ?? operating,
                                    taxPercent: Names.taxPercent(entity.country)))
        }
        return plans
    }

    /// The group's bank accounts of an entity; where the group lists none, one per
    /// bank-flagged account in the entity's currency, with an id made from its codes.
    static func bankAccounts(of entity: Entity, in group: GroupDefinition) -> [BankAccount] {
        let listed = group.bankAccounts.filter { $0.entity == entity.code }
        if !listed.isEmpty { return listed }
        return group.accounts.filter(\.isBank).map { account in
            let id = ("XX00" + entity.code + account.code).uppercased().filter { $0.isLetter || $0.isNumber }
            return BankAccount(entity: entity.code, account: account.code, iban: String(id.prefix(34)), currency: entity.currency)
        }
    }

    static func bankAccounts(_ scenario: Scenario, _ plans: [EntityPlan]) -> [BankAccount] {
        plans.flatMap { bankAccounts(of: $0.entity, in: scenario.group) }
    }

    /// Customers and suppliers per entity, more of them as volumes grow.
    static func counterparties(_ scenario: Scenario, _ plans: inout [EntityPlan]) -> [Counterparty] {
        var all: [Counterparty] = []
        for index in plans.indices {
            var random = Sampler(seed: scenario.seed, stream: [BooksBuilder.Stream.counterparties.rawValue, UInt64(index)])
            var taken = Set<String>()
            let entity = plans[index].entity
            let customers = max(3, min(2_000, plans[index].volumes.sales / 6))
            let suppliers = max(3, min(2_000, plans[index].volumes.purchases / 5))
            for number in 0..<(customers + suppliers) {
                let isCustomer = number < customers
                let sequence = isCustomer ? number + 1 : number - customers + 1
                let id = "\(isCustomer ? "C" : "V")\(entity.code)\(BooksBuilder.padded(sequence, 4))"
                let counterparty = Counterparty(id: id, name: Names.company(&random, country: entity.country, taken: &taken),
                                                entity: entity.code, kind: isCustomer ? .customer : .supplier,
                                                country: entity.country, paymentTermsDays: random.pick([14, 30, 30, 30, 45, 60]))
                if isCustomer { plans[index].customers.append(counterparty) } else { plans[index].suppliers.append(counterparty) }
                all.append(counterparty)
            }
        }
        return all
    }
}
