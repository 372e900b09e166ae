import LedgerCore

/// The built-in demo group, Acme Group: a US parent with German, British and Japanese
/// subsidiaries, a month-end chart of accounts and one user per role. `close` uses it when
/// no group file is given. The text is identical, byte for byte, to
/// `Fixtures/groups/acme.yaml` (a test checks it), so the demo can be read and copied as a
/// starting point for a real group file.
public enum DemoGroup {
    public static let yaml: String = #"""
    # Acme Group: the built-in demo group (`close init` without --group).
    # Identical to DemoGroup.yaml in Sources/Interchange/DemoGroup.swift; a test checks it.
    name: Acme Group
    currency: USD
    fiscal_year_start_month: 1

    entities:
      - {code: US01, name: Acme Inc., currency: USD, country: US}
      - {code: DE01, name: Acme GmbH, currency: EUR, country: DE, parent: US01}
      - {code: GB01, name: Acme Ltd, currency: GBP, country: GB, parent: US01}
      - {code: JP01, name: Acme KK, currency: JPY, country: JP, parent: US01}
      - {code: CONS, name: Acme Group consolidation, currency: USD, country: US, consolidation: true}

    # One chart for every entity. bank: reconciled against statements; intercompany: every
    # line needs a partner entity; monetary: revalued at period end (IAS 21 monetary items).
    accounts:
      # Assets
      - {code: "1000", name: Bank operating, type: asset, bank: true, monetary: true}
      - {code: "1010", name: Bank savings, type: asset, bank: true, monetary: true}
      - {code: "1100", name: Trade receivables, type: asset, monetary: true}
      - {code: "1150", name: Intercompany receivable, type: asset, intercompany: true, monetary: true}
      - {code: "1200", name: Inventory, type: asset}
      - {code: "1300", name: Prepaid expenses, type: asset}
      - {code: "1500", name: Fixed assets, type: asset}
      - {code: "1510", name: Accumulated depreciation, type: asset}
      - {code: "1600", name: VAT receivable, type: asset, monetary: true}
      # Liabilities
      - {code: "2000", name: Trade payables, type: liability, monetary: true}
      - {code: "2100", name: Accrued liabilities, type: liability, monetary: true}
      - {code: "2150", name: Intercompany payable, type: liability, intercompany: true, monetary: true}
      - {code: "2200", name: Tax payable, type: liability, monetary: true}
      - {code: "2300", name: Payroll liabilities, type: liability, monetary: true}
      - {code: "2500", name: Intercompany loans, type: liability, intercompany: true, monetary: true}
      # Equity
      - {code: "3000", name: Share capital, type: equity}
      - {code: "3100", name: Retained earnings, type: equity}
      - {code: "3200", name: Cumulative translation adjustment, type: equity}
      # Revenue
      - {code: "4000", name: Revenue, type: revenue}
      - {code: "4100", name: Intercompany revenue, type: revenue, intercompany: true}
      - {code: "4200", name: Interest income, type: revenue}
      # Expenses
      - {code: "5000", name: Cost of sales, type: expense}
      - {code: "6000", name: Salaries, type: expense}
      - {code: "6100", name: Rent, type: expense}
      - {code: "6200", name: Utilities, type: expense}
      - {code: "6300", name: Depreciation expense, type: expense}
      - {code: "6400", name: Bank charges, type: expense}
      - {code: "6500", name: Intercompany expense, type: expense, intercompany: true}
      - {code: "7000", name: Interest expense, type: expense}
      - {code: "7100", name: Realised FX gain/loss, type: expense}
      - {code: "7200", name: Unrealised FX gain/loss, type: expense}
      - {code: "7900", name: Rounding differences, type: expense}
      - {code: "7950", name: Intercompany elimination variance, type: expense}
      # Clearing
      - {code: "9999", name: Suspense, type: asset}

    users:
      - {name: alice, display_name: Alice Accountant, role: accountant}
      - {name: bob, display_name: Bob Controller, role: controller}
      - {name: carol, display_name: Carol CFO, role: cfo}
      - {name: dave, display_name: Dave Auditor, role: auditor}

    # Accounts at banks: a statement names the iban (or, where a country has no IBAN, the
    # bank's account id); it maps the statement to an entity and a bank-flagged account.
    # The subsidiaries' 1010 accounts hold US dollars: intra-group charges and loans are in USD.
    bank_accounts:
      - {entity: US01, account: "1000", iban: "US021000021000123456", bic: CHASUS33, currency: USD}
      - {entity: US01, account: "1010", iban: "US021000021000654321", bic: CHASUS33, currency: USD}
      - {entity: DE01, account: "1000", iban: DE89370400440532013000, bic: COBADEFFXXX, currency: EUR}
      - {entity: DE01, account: "1010", iban: DE62370400440532013001, bic: COBADEFFXXX, currency: USD}
      - {entity: GB01, account: "1000", iban: GB29NWBK60161331926819, bic: NWBKGB2L, currency: GBP}
      - {entity: GB01, account: "1010", iban: GB02NWBK60161331926820, bic: NWBKGB2L, currency: USD}
      - {entity: JP01, account: "1000", iban: "JP0005001234567", bic: BOTKJPJT, currency: JPY}
      - {entity: JP01, account: "1010", iban: "JP0005007654321", bic: BOTKJPJT, currency: USD}

    # Costs accrued at month end unless their invoice is booked in the month: the accruals step
    # looks for `matches` in the descriptions of the month's postings on the account. The demo
    # month books every rent ("Rent 2026-05 ...") and DE01's electricity ("Power & Light"), so
    # those find their invoice; GB01's electricity and the bonuses (paid once a year) are accrued.
    recurring_accruals:
      - {entity: US01, account: "6100", amount: "13000.00", description: Office rent, matches: Rent}
      - {entity: US01, account: "6000", amount: "15000.00", description: Bonus, matches: Bonus}
      - {entity: DE01, account: "6200", amount: "400.00", description: Electricity, matches: "Power & Light"}
      - {entity: GB01, account: "6200", amount: "350.00", description: Electricity, matches: "Power & Light"}
      - {entity: JP01, account: "6000", amount: "1500000", description: Bonus, matches: Bonus}

    """#

    /// The demo group, parsed once. Parsing cannot fail: a test parses the same text.
    public static func definition() -> GroupDefinition { parsed }

    private static let parsed: GroupDefinition = {
        do {
            return try GroupFile.parse(yaml, file: "built-in demo group")
        } catch {
            fatalError("the built-in demo group does not parse: \(error)")
        }
    }()
}
