import LedgerCore

/// The type of a SAF-T account, from the Norwegian standard chart (NS 4102) its number
/// belongs to: the first two digits of StandardAccountID (1.10), else of a numeric
/// GroupingCode (1.30), else of a numeric AccountID. AccountType says only "GL" in Norway, so
/// it cannot type an account. The table (docs/file-formats.md, "SAF-T Financial"):
///
/// | NS 4102 class | meaning                                  | type      |
/// | 10-19         | eiendeler (assets)                       | asset     |
/// | 20            | egenkapital (equity)                     | equity    |
/// | 21-29         | gjeld (liabilities)                      | liability |
/// | 30-39         | salgs- og driftsinntekter (revenue)      | revenue   |
/// | 40-79         | kostnader (expenses)                     | expense   |
/// | 80            | finansinntekter (financial income)       | revenue   |
/// | 81-87         | finanskostnader, skatt (financial costs) | expense   |
/// | 88-89         | resultat, overføringer (result, transfers) | equity  |
enum SAFTAccountTypes {
    static func type(standardAccountID: String?, groupingCode: String?, accountID: String) -> (AccountType, String)? {
        for (name, value) in [("StandardAccountID", standardAccountID), ("GroupingCode", groupingCode), ("AccountID", accountID)] {
            guard let value, let type = type(ofNumber: value) else { continue }
            return (type, "\(name) \(value)")
        }
        return nil
    }

    /// The type of an NS 4102 number from its first two digits; nil when it does not start
    /// with two digits or starts with 0.
    static func type(ofNumber text: String) -> AccountType? {
        let digits = Array(text.utf8.prefix(2))
        guard digits.count == 2, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let group = Int(digits[0] - 0x30) * 10 + Int(digits[1] - 0x30)
        switch group {
        case 10...19: return .asset
        case 20: return .equity
        case 21...29: return .liability
        case 30...39: return .revenue
        case 40...79: return .expense
        case 80: return .revenue
        case 81...87: return .expense
        case 88...89: return .equity
        default: return nil
        }
    }
}
