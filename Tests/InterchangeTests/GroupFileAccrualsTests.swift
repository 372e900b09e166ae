import Foundation
import Interchange
import LedgerCore
import Testing

@Suite("Group file: recurring accruals")
struct GroupFileAccrualsTests {
    /// A two-entity group; line 11 is the first template.
    static func group(_ templates: String) -> String {
        """
        name: Mini
        currency: EUR
        entities:
          - {code: FR01, name: Mini SAS, currency: EUR, country: FR}
          - {code: JP01, name: Mini KK, currency: JPY, country: JP, parent: FR01}
        accounts:
          - {code: "6100", name: Rent, type: expense}
          - {code: "6500", name: IC expense, type: expense, intercompany: true}
        users: []
        recurring_accruals:
        \(templates)
        """
    }

    private func refusal(_ templates: String) -> LedgerError? {
        #expect(throws: LedgerError.self) { try GroupFile.parse(Self.group(templates), file: "g.yaml") }
    }

    @Test func templatesReadWithTheEntityCurrencyByDefault() throws {
        let group = try GroupFile.parse(Self.group("""
              - {entity: FR01, account: "6100", amount: "12000.00", description: Office rent, matches: Rent}
              - {entity: JP01, account: "6100", amount: "1500000", description: Bonus, matches: Bonus}
              - {entity: JP01, account: "6100", amount: "80.50", currency: USD, description: Hosting, matches: Cloud}
            """), file: "g.yaml")
        #expect(group.recurringAccruals == [
            RecurringAccrual(entity: "FR01", account: "6100", currency: .eur, amountMinor: 1_200_000, description: "Office rent", matches: "Rent"),
            RecurringAccrual(entity: "JP01", account: "6100", currency: .jpy, amountMinor: 1_500_000, description: "Bonus", matches: "Bonus"),
            RecurringAccrual(entity: "JP01", account: "6100", currency: .usd, amountMinor: 8_050, description: "Hosting", matches: "Cloud"),
        ])
        #expect(group.recurringAccruals[0].key == "RA-FR01-6100-Rent")
    }

    @Test func withoutTheSectionThereAreNone() throws {
        let text = Self.group("").replacingOccurrences(of: "recurring_accruals:\n", with: "")
        #expect(try GroupFile.parse(text, file: "g.yaml").recurringAccruals.isEmpty)
    }

    @Test func everyRefusalNamesLineAndField() {
        let first = "  - {entity: FR01, account: \"6100\", amount: \"1.00\", description: Rent, matches: Rent}\n"
        let cases: [(String, String, String)] = [
            ("  - {entity: XX01, account: \"6100\", amount: \"1.00\", description: d, matches: m}", "entity", "unknown entity 'XX01'"),
            ("  - {entity: FR01, account: \"9999\", amount: \"1.00\", description: d, matches: m}", "account", "unknown account '9999'"),
            ("  - {entity: FR01, account: \"6500\", amount: \"1.00\", description: d, matches: m}", "account", "intercompany"),
            ("  - {entity: FR01, account: \"6100\", amount: \"1.001\", description: d, matches: m}", "amount", "in EUR"),
            ("  - {entity: JP01, account: \"6100\", amount: \"1.5\", description: d, matches: m}", "amount", "in JPY"),
            ("  - {entity: FR01, account: \"6100\", amount: \"0\", description: d, matches: m}", "amount", "zero"),
            ("  - {entity: FR01, account: \"6100\", amount: \"1.00\", description: d}", "matches", "missing 'matches'"),
            ("  - {entity: FR01, account: \"6100\", amount: \"1.00\", description: d, matches: m, every: month}", "every", "every"),
            ("  - {entity: FR01, account: \"6100\", amount: \"2.00\", description: d, matches: Rent}", "matches", "already defined on line 11"),
        ]
        for (template, field, words) in cases {
            let error = refusal(first + template)
            #expect(error?.location?.file == "g.yaml")
            #expect(error?.location?.line == 12, "\(template): \(error?.description ?? "")")
            #expect(error?.location?.field?.hasPrefix("recurring_accruals[1]") == true, "\(error?.location?.field ?? "")")
            #expect(error?.location?.field?.hasSuffix(field) == true, "\(template): \(error?.location?.field ?? "")")
            #expect(error?.message.contains(words) == true, "\(template): \(error?.message ?? "")")
        }
    }
}
