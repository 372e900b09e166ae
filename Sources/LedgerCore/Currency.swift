/// An ISO 4217 alphabetic code with its minor-unit exponent (JPY 0, USD 2, KWD 3).
/// Only currencies in `Currency.known` exist: an unknown code is an error, never a guess.
public struct Currency: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let code: String
    public let exponent: Int
    /// The three letters packed into an integer: equality and hashing without string work.
    private let packed: UInt32

    private init(code: String, exponent: Int) {
        self.code = code
        self.exponent = exponent
        self.packed = code.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    public static func == (a: Currency, b: Currency) -> Bool { a.packed == b.packed }

    public func hash(into hasher: inout Hasher) { hasher.combine(packed) }

    /// Looks up a code; refuses anything that is not a known ISO 4217 currency.
    public init(_ code: String) throws(LedgerError) {
        guard let exponent = Currency.exponents[code] else {
            throw LedgerError(.invalidCurrency, "unknown currency '\(SafeText.excerpt(code, limit: 40))' (expected an ISO 4217 code such as USD, EUR, JPY)")
        }
        self.init(code: code, exponent: exponent)
    }

    public var description: String { code }

    public static func < (a: Currency, b: Currency) -> Bool { a.code < b.code }

    /// 10^exponent, the number of minor units in one major unit.
    public var minorUnitsPerMajor: Int64 { Decimal10.pow10[exponent] }

    /// ISO 4217 minor units (the standard's "E" column) of the currencies we support.
    static let exponents: [String: Int] = [
        "AED": 2, "ARS": 2, "AUD": 2, "BHD": 3, "BRL": 2, "CAD": 2, "CHF": 2, "CLP": 0,
        "CNY": 2, "CZK": 2, "DKK": 2, "EUR": 2, "GBP": 2, "HKD": 2, "HUF": 2, "IDR": 2,
        "ILS": 2, "INR": 2, "ISK": 0, "JOD": 3, "JPY": 0, "KRW": 0, "KWD": 3, "MXN": 2,
        "MYR": 2, "NOK": 2, "NZD": 2, "OMR": 3, "PHP": 2, "PLN": 2, "RON": 2, "SAR": 2,
        "SEK": 2, "SGD": 2, "THB": 2, "TND": 3, "TRY": 2, "TWD": 2, "UGX": 0, "USD": 2,
        "VND": 0, "ZAR": 2,
    ]

    public static var knownCodes: [String] { exponents.keys.sorted() }

    public static let usd = try! Currency("USD")
    public static let eur = try! Currency("EUR")
    public static let gbp = try! Currency("GBP")
    public static let jpy = try! Currency("JPY")
}
