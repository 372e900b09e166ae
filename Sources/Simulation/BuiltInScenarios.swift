import LedgerCore

/// The scenarios that ship with `close`, for demos, tests and benchmarks. Each text is
/// identical, byte for byte, to `Fixtures/scenarios/<name>.yaml` (a test checks it), so a
/// built-in scenario can be read, copied and edited as a file.
public enum BuiltInScenarios {
    /// In the order a newcomer should try them.
    public static let names: [String] = ["demo", "clean", "intercompany-heavy", "fx-shock", "bank-chaos", "large"]

    /// The YAML text of a built-in scenario, or nil for an unknown name.
    public static func text(named name: String) -> String? {
        switch name {
        case "demo": demo
        case "clean": clean
        case "intercompany-heavy": intercompanyHeavy
        case "fx-shock": fxShock
        case "bank-chaos": bankChaos
        case "large": large
        default: nil
        }
    }

    /// The parsed scenario; an unknown name is an `.invalidScenario` error listing the names.
    public static func scenario(named name: String) throws(LedgerError) -> Scenario {
        guard let scenario = parsed[name] else {
            throw LedgerError(.invalidScenario, "no built-in scenario '\(name)'; expected one of \(names.joined(separator: ", ")), or a path to a scenario file")
        }
        return scenario
    }

    /// One line for listings: the scenario's description.
    public static func summary(named name: String) -> String? { parsed[name]?.description }

    /// Parsed once. Parsing cannot fail: a test parses the same texts.
    private static let parsed: [String: Scenario] = {
        var scenarios: [String: Scenario] = [:]
        for name in names {
            do {
                scenarios[name] = try ScenarioFile.parse(text(named: name)!, file: "built-in scenario \(name)", directory: nil)
            } catch {
                fatalError("the built-in scenario \(name) does not parse: \(error)")
            }
        }
        return scenarios
    }()

    static let demo: String = #"""
    # The built-in scenario 'demo' (docs/scenario-format.md explains every key).
    # Identical to BuiltInScenarios in Sources/Simulation/BuiltInScenarios.swift; a test checks it.
    name: demo
    description: A small, readable month of Acme Group with two of every fault.
    seed: 20260501
    group: acme
    period: 2026-05
    opening: generated

    volumes:
      default: {sales: 3, purchases: 2, payroll: 2, rent: 1, intercompany_charges: 1, intercompany_loans: 0, asset_purchases: 0, bank_fees: 1, interest: 1}
      US01: {intercompany_loans: 1}    # the parent lends to its subsidiaries

    fx:
      start: {EUR: "1.0850", GBP: "1.2650", JPY: "0.0067"}    # USD for one unit
      daily_volatility: "0.003"

    bank:
      payment_delay_days: [0, 2]
      receipt_delay_days: [0, 1]
      batched_receipts_percent: 10
      reference_noise_percent: 10

    faults:
      unrecorded-bank-fee: 2
      reference-typo: 2
      multi-invoice-receipt: 2
      duplicate-bank-line: 2
      duplicate-ledger-entry: 2
      payment-in-transit: 2
      intercompany-one-sided: 2
      intercompany-amount-mismatch: 2
      intercompany-cut-off: 2
      suspense-posting: 2
      missing-accrual: 2
      wrong-entity-expense: 2

    """#

    static let clean: String = #"""
    # The built-in scenario 'clean' (docs/scenario-format.md explains every key).
    # Identical to BuiltInScenarios in Sources/Simulation/BuiltInScenarios.swift; a test checks it.
    name: clean
    description: The demo month without faults; every reconciliation and intercompany match should clear.
    seed: 20260502
    group: acme
    period: 2026-05
    opening: generated

    volumes:
      default: {sales: 3, purchases: 2, payroll: 2, rent: 1, intercompany_charges: 1, intercompany_loans: 0, asset_purchases: 0, bank_fees: 1, interest: 1}
      US01: {intercompany_loans: 1}    # the parent lends to its subsidiaries

    fx:
      start: {EUR: "1.0850", GBP: "1.2650", JPY: "0.0067"}    # USD for one unit
      daily_volatility: "0.003"

    bank:
      payment_delay_days: [0, 2]
      receipt_delay_days: [0, 1]
      batched_receipts_percent: 10
      reference_noise_percent: 10

    # No faults key: nothing is injected.

    """#

    static let intercompanyHeavy: String = #"""
    # The built-in scenario 'intercompany-heavy' (docs/scenario-format.md explains every key).
    # Identical to BuiltInScenarios in Sources/Simulation/BuiltInScenarios.swift; a test checks it.
    name: intercompany-heavy
    description: Many intercompany charges and loans between the four entities, with five of each intercompany fault.
    seed: 20260503
    group: acme
    period: 2026-05
    opening: generated

    volumes:
      default: {sales: 6, purchases: 4, payroll: 3, rent: 1, intercompany_charges: 20, intercompany_loans: 2, asset_purchases: 1, bank_fees: 1, interest: 1}

    fx:
      start: {EUR: "1.0850", GBP: "1.2650", JPY: "0.0067"}    # USD for one unit
      daily_volatility: "0.003"

    bank:
      payment_delay_days: [0, 2]
      receipt_delay_days: [0, 1]
      batched_receipts_percent: 10
      reference_noise_percent: 10

    faults:
      unrecorded-bank-fee: 1
      reference-typo: 1
      multi-invoice-receipt: 1
      duplicate-bank-line: 1
      duplicate-ledger-entry: 1
      payment-in-transit: 1
      intercompany-one-sided: 5
      intercompany-amount-mismatch: 5
      intercompany-cut-off: 5
      suspense-posting: 1
      missing-accrual: 1
      wrong-entity-expense: 1

    """#

    static let fxShock: String = #"""
    # The built-in scenario 'fx-shock' (docs/scenario-format.md explains every key).
    # Identical to BuiltInScenarios in Sources/Simulation/BuiltInScenarios.swift; a test checks it.
    name: fx-shock
    description: Three times the demo volumes in volatile markets, with sterling falling 8% on 14 May.
    seed: 20260504
    scale: 3                        # every volume below times 3
    group: acme
    period: 2026-05
    opening: generated

    volumes:
      default: {sales: 6, purchases: 4, payroll: 3, rent: 1, intercompany_charges: 1, intercompany_loans: 0, asset_purchases: 1, bank_fees: 1, interest: 1}
      US01: {intercompany_loans: 1}    # the parent lends to its subsidiaries

    fx:
      start: {EUR: "1.0850", GBP: "1.2650", JPY: "0.0067"}    # USD for one unit
      daily_volatility: "0.006"
      shock: {date: 2026-05-14, currency: GBP, change: "-0.08"}

    bank:
      payment_delay_days: [0, 2]
      receipt_delay_days: [0, 1]
      batched_receipts_percent: 10
      reference_noise_percent: 10

    faults:
      unrecorded-bank-fee: 1
      reference-typo: 1
      multi-invoice-receipt: 1
      duplicate-bank-line: 1
      duplicate-ledger-entry: 1
      payment-in-transit: 1
      intercompany-one-sided: 1
      intercompany-amount-mismatch: 1
      intercompany-cut-off: 1
      suspense-posting: 1
      missing-accrual: 1
      wrong-entity-expense: 1

    """#

    static let bankChaos: String = #"""
    # The built-in scenario 'bank-chaos' (docs/scenario-format.md explains every key).
    # Identical to BuiltInScenarios in Sources/Simulation/BuiltInScenarios.swift; a test checks it.
    name: bank-chaos
    description: The demo month with slow, batching, noisy banks and six of each bank-related fault.
    seed: 20260505
    group: acme
    period: 2026-05
    opening: generated

    volumes:
      default: {sales: 6, purchases: 4, payroll: 3, rent: 1, intercompany_charges: 1, intercompany_loans: 0, asset_purchases: 1, bank_fees: 1, interest: 1}
      US01: {intercompany_loans: 1}    # the parent lends to its subsidiaries

    fx:
      start: {EUR: "1.0850", GBP: "1.2650", JPY: "0.0067"}    # USD for one unit
      daily_volatility: "0.003"

    bank:
      payment_delay_days: [0, 4]
      receipt_delay_days: [0, 3]
      batched_receipts_percent: 50
      reference_noise_percent: 40

    faults:
      unrecorded-bank-fee: 6
      reference-typo: 6
      multi-invoice-receipt: 6
      duplicate-bank-line: 6
      duplicate-ledger-entry: 1
      payment-in-transit: 6
      intercompany-one-sided: 1
      intercompany-amount-mismatch: 1
      intercompany-cut-off: 1
      suspense-posting: 6
      missing-accrual: 1
      wrong-entity-expense: 1

    """#

    static let large: String = #"""
    # The built-in scenario 'large' (docs/scenario-format.md explains every key).
    # Identical to BuiltInScenarios in Sources/Simulation/BuiltInScenarios.swift; a test checks it.
    name: large
    description: A month sized for performance work, about a million journal lines and 100,000 bank lines across the four entities.
    seed: 20260506
    scale: 1
    group: acme
    period: 2026-05
    opening: generated

    # Per entity, aiming at about 250,000 journal lines and 25,000 bank lines each in the period
    # (the month before is generated too, for flux review); 2,500 intercompany charges each.
    volumes:
      default: {sales: 24000, purchases: 7000, payroll: 1000, rent: 2, intercompany_charges: 2500, intercompany_loans: 2, asset_purchases: 300, bank_fees: 20, interest: 2}

    fx:
      start: {EUR: "1.0850", GBP: "1.2650", JPY: "0.0067"}    # USD for one unit
      daily_volatility: "0.003"

    bank:
      payment_delay_days: [0, 2]
      receipt_delay_days: [0, 1]
      batched_receipts_percent: 20
      reference_noise_percent: 10

    faults:
      unrecorded-bank-fee: 20
      reference-typo: 20
      multi-invoice-receipt: 20
      duplicate-bank-line: 20
      duplicate-ledger-entry: 20
      payment-in-transit: 20
      intercompany-one-sided: 20
      intercompany-amount-mismatch: 20
      intercompany-cut-off: 20
      suspense-posting: 20
      missing-accrual: 20
      wrong-entity-expense: 20

    """#
}
