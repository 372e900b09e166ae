import Interchange
import LedgerCore

/// The groups the targets read against.
public enum FuzzGroups {
    /// The built-in demo group: what generated journals, rates, goods and bank files name.
    public static let demo = DemoGroup.definition()

    /// The demo group plus the banks the real camt.053 and MT940 files of shared/external
    /// name, so that their statements map to ledger accounts and reach the import.
    public static let banks: GroupDefinition = {
        var group = DemoGroup.definition()
        let chf = try! Currency("CHF")
        group.entities.append(Entity(code: "NL01", name: "Acme BV", currency: .eur, country: "NL", parent: "US01"))
        group.entities.append(Entity(code: "NL02", name: "Acme Payments BV", currency: .eur, country: "NL", parent: "US01"))
        group.entities.append(Entity(code: "CH01", name: "Acme AG", currency: chf, country: "CH", parent: "US01"))
        group.bankAccounts += [
            BankAccount(entity: "NL01", account: "1000", iban: "NL26VAYB8060476890", currency: .eur),
            BankAccount(entity: "CH01", account: "1000", iban: "CH2801234000123456789", currency: .eur),
            BankAccount(entity: "NL01", account: "1010", iban: "NL56AGDH9619008421", currency: .eur),
            // MT940 :25: account ids of the external files (an IBAN, a bare account number).
            BankAccount(entity: "NL02", account: "1000", iban: "NL71RABO0123456789", currency: .eur),
            BankAccount(entity: "NL02", account: "1010", iban: "123456789", currency: .eur),
        ]
        return group
    }()
}
