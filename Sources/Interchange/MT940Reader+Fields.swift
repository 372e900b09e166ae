import LedgerCore

/// Small readers shared by the MT940 fields.
enum MT940Parse {
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    static func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
    static func isLetter(_ byte: UInt8) -> Bool { isUpper(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) }

    static func trimmed<S: StringProtocol>(_ text: S) -> String {
        String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    /// Runs of spaces become one space, none at either end.
    static func collapsed<S: StringProtocol>(_ text: S) -> String {
        text.split(separator: " ").joined(separator: " ")
    }

    /// For messages: at most `count` characters, with an ellipsis when cut.
    static func shortened(_ text: String, to count: Int = 40) -> String {
        text.count <= count ? text : String(text.prefix(count)) + "…"
    }

    /// "" for the placeholders banks put where there is no reference.
    static func unlessNone(_ text: String) -> String {
        ["NONREF", "NOTPROVIDED", "NONE"].contains(text.uppercased()) ? "" : text
    }

    static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.allSatisfy(isDigit) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    /// YYMMDD; years 00-79 are 2000-2079, 80-99 are 1980-1999.
    static func date(_ bytes: ArraySlice<UInt8>) -> CalendarDate? {
        guard bytes.count == 6, let yy = number(bytes.prefix(2)), let month = number(bytes.dropFirst(2).prefix(2)),
              let day = number(bytes.suffix(2)) else { return nil }
        return try? CalendarDate(year: yy < 80 ? 2000 + yy : 1900 + yy, month: month, day: day)
    }

    /// MMDD in the year that puts it nearest to `date` (an entry booked on 2 January for a value
    /// date of 31 December is in the next year).
    static func date(monthDay bytes: ArraySlice<UInt8>, near date: CalendarDate) -> CalendarDate? {
        guard bytes.count == 4, let month = number(bytes.prefix(2)), let day = number(bytes.suffix(2)) else { return nil }
        let candidates = (date.year - 1...date.year + 1).compactMap { year in try? CalendarDate(year: year, month: month, day: day) }
        return candidates.min { abs($0.dayNumber - date.dayNumber) < abs($1.dayNumber - date.dayNumber) }
    }

    /// An MT940 amount: digits, then optionally a decimal comma and decimals ("1234,5", "500,",
    /// and "500" as some banks write it), in minor units of `currency`, never rounded.
    /// At most `limit`: `AmountLimit.maximum` for a line, `balanceMaximum` for a balance.
    static func amount<S: StringProtocol>(_ text: S, currency: Currency, limit: Int64 = AmountLimit.maximum) throws(LedgerError) -> Int64 {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let integer = parts.first ?? ""
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count <= 2, !integer.isEmpty, integer.utf8.allSatisfy(isDigit), fraction.utf8.allSatisfy(isDigit) else {
            throw LedgerError(.invalidAmount, "'\(text)' is not an MT940 amount (digits with a decimal comma, e.g. 1234,56)")
        }
        guard fraction.count <= currency.exponent else {
            let allowed = currency.exponent == 0 ? "none" : "\(currency.exponent)"
            throw LedgerError(.invalidAmount, "amount '\(text)' has \(fraction.count) decimal\(fraction.count == 1 ? "" : "s"); \(currency) has \(allowed)")
        }
        do {
            return try AmountLimit.parse(fraction.isEmpty ? String(integer) : "\(integer).\(fraction)", currency,
                                         allowNegative: false, limit: limit)
        } catch {
            throw LedgerError(error.code, "amount \(error.message)")
        }
    }
}

/// `:60F:`, `:60M:`, `:62F:`, `:62M:`: D/C mark, date YYMMDD, currency, amount ("C140829EUR147,64").
struct MT940Balance {
    var date: CalendarDate
    var currency: Currency
    /// Signed: a debit (D) balance is negative.
    var amountMinor: Int64

    init(parsing value: String) throws(LedgerError) {
        let bytes = Array(MT940Parse.trimmed(value).utf8)
        guard bytes.count >= 11 else {
            throw LedgerError(.invalidFile, "expected a D/C mark, a date YYMMDD, a currency and an amount, e.g. C260531EUR1234,56")
        }
        let mark = bytes[0]
        guard mark == UInt8(ascii: "C") || mark == UInt8(ascii: "D") else {
            throw LedgerError(.invalidFile, "the debit/credit mark '\(String(decoding: bytes[0..<1], as: UTF8.self))' must be C or D")
        }
        guard let date = MT940Parse.date(bytes[1..<7]) else {
            throw LedgerError(.invalidDate, "'\(String(decoding: bytes[1..<7], as: UTF8.self))' is not a date YYMMDD")
        }
        let currency = try Currency(String(decoding: bytes[7..<10], as: UTF8.self))
        let magnitude = try MT940Parse.amount(String(decoding: bytes[10...], as: UTF8.self), currency: currency,
                                              limit: AmountLimit.balanceMaximum)
        self.date = date
        self.currency = currency
        self.amountMinor = mark == UInt8(ascii: "D") ? -magnitude : magnitude
    }
}

/// `:61:`: value date YYMMDD, optional entry date MMDD, mark (C, D, RC, RD), optional funds code,
/// amount, transaction type (N, F or S and three characters), customer reference, `//` bank
/// reference, and supplementary details on the lines after.
struct MT940Entry {
    var valueDate: CalendarDate
    var bookingDate: CalendarDate
    /// Signed: money in (C, or RD, the reversal of a debit) is positive.
    var amountMinor: Int64
    var typeCode: String
    var customerReference: String
    var bankReference: String
    var supplementary: String

    var kind: BankLineKind {
        switch typeCode.uppercased().suffix(3) {
        case "CHG", "COM": .fee
        case "INT": .interest
        default: .transfer
        }
    }

    init(parsing field: MT940Field, currency: Currency) throws(LedgerError) {
        let bytes = Array(field.value.utf8)
        func text(_ range: Range<Int>) -> String {
            String(decoding: bytes[max(0, min(range.lowerBound, bytes.count))..<min(range.upperBound, bytes.count)], as: UTF8.self)
        }
        func fail(_ reason: String) -> LedgerError { LedgerError(.invalidFile, reason) }
        func isMark(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "C") || byte == UInt8(ascii: "D") }

        guard bytes.count >= 6, let valueDate = MT940Parse.date(bytes[0..<6]) else {
            throw fail("the value date '\(text(0..<6))' is not a date YYMMDD")
        }
        var index = 6
        var bookingDate = valueDate
        if index + 4 <= bytes.count, bytes[index..<index + 4].allSatisfy(MT940Parse.isDigit) {
            guard let entryDate = MT940Parse.date(monthDay: bytes[index..<index + 4], near: valueDate) else {
                throw fail("the entry date '\(text(index..<index + 4))' is not a date MMDD")
            }
            bookingDate = entryDate
            index += 4
        } else if index + 4 <= bytes.count, bytes[index..<index + 4].allSatisfy({ $0 == UInt8(ascii: " ") }) {
            index += 4
        }

        let positive: Bool
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "R"), isMark(bytes[index + 1]) {
            positive = bytes[index + 1] == UInt8(ascii: "D")  // the reversal of a debit is money in
            index += 2
        } else if index < bytes.count, isMark(bytes[index]) {
            positive = bytes[index] == UInt8(ascii: "C")
            index += 1
        } else {
            throw fail("expected the debit/credit mark C, D, RC or RD after the date, found '\(MT940Parse.shortened(text(index..<bytes.count), to: 12))'")
        }
        if index < bytes.count, MT940Parse.isUpper(bytes[index]) { index += 1 }  // funds code, the currency's third letter

        let amountStart = index
        while index < bytes.count, MT940Parse.isDigit(bytes[index]) || bytes[index] == UInt8(ascii: ",") { index += 1 }
        let typeStart = index
        let isTypeCode = typeStart + 4 <= bytes.count
            && [UInt8(ascii: "N"), UInt8(ascii: "F"), UInt8(ascii: "S")].contains(bytes[typeStart])
            && bytes[typeStart + 1..<typeStart + 4].allSatisfy { MT940Parse.isDigit($0) || MT940Parse.isLetter($0) || $0 == UInt8(ascii: " ") }
        guard typeStart > amountStart, isTypeCode else {
            let found = MT940Parse.shortened(text(amountStart..<bytes.count), to: 24)
            throw fail("after the debit/credit mark comes '\(found)', not an amount (digits with a decimal comma, e.g. 1234,56) followed by a transaction type (N, F or S and three letters or digits, e.g. NTRF)")
        }
        let magnitude = try MT940Parse.amount(text(amountStart..<typeStart), currency: currency)

        let rest = Array(bytes[(typeStart + 4)...])
        var customerReference: String
        var bankReference = ""
        var details: [String] = []
        if let slashes = rest.indices.first(where: { $0 + 1 < rest.count && rest[$0] == UInt8(ascii: "/") && rest[$0 + 1] == UInt8(ascii: "/") }) {
            customerReference = String(decoding: rest[..<slashes], as: UTF8.self)
            bankReference = MT940Parse.trimmed(String(decoding: rest[(slashes + 2)...], as: UTF8.self))
        } else {
            // 16 characters at most; some banks (Rabobank) run the details on after them.
            let all = String(decoding: rest, as: UTF8.self)
            customerReference = String(all.prefix(16))
            details.append(String(all.dropFirst(16)))
        }
        customerReference = MT940Parse.trimmed(customerReference)
        details += field.continuation

        self.valueDate = valueDate
        self.bookingDate = bookingDate
        self.amountMinor = positive ? magnitude : -magnitude
        self.typeCode = text(typeStart..<typeStart + 4)
        self.customerReference = customerReference
        self.bankReference = bankReference
        self.supplementary = MT940Parse.collapsed(details.joined(separator: " "))
    }
}

/// `:86:`, information to the account owner, in one of three shapes:
/// - structured with `?NN` (or `>NN`) subfields after a three-digit code (German banks, Triodos):
///   ?00 posting text, ?20-?29 and ?60-?63 purpose, ?32-?33 name; a SEPA purpose is split at
///   EREF+, KREF+, MREF+, CRED+, SVWZ+, ABWA+ ...;
/// - structured with `/TAG/` (Rabobank, ING): /EREF/, /NAME/, /REMI/, /CNTP/;
/// - free text.
/// Lines of a structured field are wrapped at a fixed width and joined without a space; lines
/// of free text are joined with one.
struct MT940Narrative {
    var reference = ""
    var counterparty = ""
    var description = ""

    static let sepaKeys = ["EREF", "KREF", "MREF", "CRED", "DEBT", "SVWZ", "ABWA", "ABWE", "IBAN", "BIC", "PURP",
                           "MDAT", "SQTP", "ORCR", "ORMR", "DDAT", "COAM", "OAMT"].map { Array("\($0)+".utf8) }
    static let slashTags = ["EREF", "PREF", "KREF", "MARF", "CSID", "BENM", "ORDP", "NAME", "ADDR", "ID", "REMI", "ISDT",
                            "IBAN", "BIC", "CNTP", "RTRN", "PURP", "ULTC", "ULTD", "ULTB", "EXCH", "CHGS", "OCMT", "TRCD",
                            "BUSP", "CREF", "MREF", "SVCL"].map { Array("/\($0)/".utf8) }

    init(_ fields: [MT940Field]) {
        let structured = fields.flatMap(\.lines).joined()
        let start = Array(structured.utf8.drop { $0 == UInt8(ascii: " ") })
        if start.count <= 3, start.allSatisfy(MT940Parse.isDigit) {
            self.init(freeText: "")  // a transaction code and nothing else
        } else if let separator = Self.subfieldSeparator(start) {
            self.init(subfields: start, separator: separator)
        } else if Self.slashTags.contains(where: { start.starts(with: $0) }) {
            self.init(slashTagged: start)
        } else {
            self.init(freeText: MT940Parse.collapsed(fields.flatMap(\.lines).joined(separator: " ")))
        }
    }

    private init(freeText: String) {
        description = freeText
    }

    /// `?` or `>` when the text starts with a three-digit code and a subfield (`166?00`), or with a subfield (`?20`).
    private static func subfieldSeparator(_ bytes: [UInt8]) -> UInt8? {
        func subfield(at index: Int) -> UInt8? {
            guard index + 2 < bytes.count, bytes[index] == UInt8(ascii: "?") || bytes[index] == UInt8(ascii: ">"),
                  MT940Parse.isDigit(bytes[index + 1]), MT940Parse.isDigit(bytes[index + 2]) else { return nil }
            return bytes[index]
        }
        if bytes.count >= 3, bytes.prefix(3).allSatisfy(MT940Parse.isDigit) { return subfield(at: 3) }
        return subfield(at: 0) == UInt8(ascii: "?") ? UInt8(ascii: "?") : nil
    }

    private init(subfields bytes: [UInt8], separator: UInt8) {
        var fields: [(key: Int, text: [UInt8])] = []
        var index = 0
        var key = -1
        var text: [UInt8] = []
        while index < bytes.count {
            if bytes[index] == separator, index + 2 < bytes.count, MT940Parse.isDigit(bytes[index + 1]), MT940Parse.isDigit(bytes[index + 2]) {
                fields.append((key, text))
                key = Int(bytes[index + 1] - UInt8(ascii: "0")) * 10 + Int(bytes[index + 2] - UInt8(ascii: "0"))
                text = []
                index += 3
            } else {
                text.append(bytes[index])
                index += 1
            }
        }
        fields.append((key, text))
        func joined(_ keys: ClosedRange<Int>...) -> [UInt8] {
            fields.filter { field in keys.contains { $0.contains(field.key) } }.flatMap(\.text)
        }
        let purpose = joined(20...29, 60...63)
        let (unkeyed, sepa) = Self.sepaParts(purpose)
        let name = MT940Parse.collapsed(String(decoding: joined(32...33), as: UTF8.self))
        reference = Self.firstReal(sepa["EREF+"], sepa["KREF+"])
        counterparty = name.isEmpty ? (sepa["ABWA+"] ?? "") : name
        description = Self.firstReal(sepa["SVWZ+"], unkeyed, MT940Parse.collapsed(String(decoding: joined(0...0), as: UTF8.self)))
    }

    /// The purpose cut at the SEPA keys: the text before the first key, and each key's value.
    private static func sepaParts(_ bytes: [UInt8]) -> (unkeyed: String, values: [String: String]) {
        var cuts: [(at: Int, key: [UInt8])] = []
        var index = 0
        while index < bytes.count {
            if let key = sepaKeys.first(where: { bytes[index...].starts(with: $0) }) {
                cuts.append((index, key))
                index += key.count
            } else {
                index += 1
            }
        }
        func text(_ range: Range<Int>) -> String { MT940Parse.collapsed(String(decoding: bytes[range], as: UTF8.self)) }
        var values: [String: String] = [:]
        for (number, cut) in cuts.enumerated() {
            let end = number + 1 < cuts.count ? cuts[number + 1].at : bytes.count
            let key = String(decoding: cut.key, as: UTF8.self)
            if values[key] == nil { values[key] = text(cut.at + cut.key.count..<end) }
        }
        return (text(0..<(cuts.first?.at ?? bytes.count)), values)
    }

    private init(slashTagged bytes: [UInt8]) {
        var cuts: [(at: Int, tag: [UInt8])] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "/"), let tag = Self.slashTags.first(where: { bytes[index...].starts(with: $0) }) {
                cuts.append((index, tag))
                index += tag.count
            } else {
                index += 1
            }
        }
        var values: [String: String] = [:]
        for (number, cut) in cuts.enumerated() {
            let end = number + 1 < cuts.count ? cuts[number + 1].at : bytes.count
            let tag = String(decoding: cut.tag.dropFirst().dropLast(), as: UTF8.self)
            var value = String(decoding: bytes[(cut.at + cut.tag.count)..<end], as: UTF8.self)
            while value.hasSuffix("/") { value.removeLast() }
            if values[tag] == nil { values[tag] = value }
        }
        let remittance = values["REMI"].map { $0.hasPrefix("USTD//") ? String($0.dropFirst(6)) : $0 } ?? ""
        let partyName = values["CNTP"].map { $0.split(separator: "/", omittingEmptySubsequences: false) }
            .flatMap { $0.count > 2 ? String($0[2]) : nil } ?? ""
        reference = Self.firstReal(values["EREF"])
        counterparty = Self.firstReal(values["NAME"], partyName)
        description = Self.firstReal(remittance, String(decoding: bytes, as: UTF8.self))
    }

    /// The first text that is not empty nor a placeholder, whitespace collapsed.
    private static func firstReal(_ texts: String?...) -> String {
        for text in texts {
            guard let text else { continue }
            let collapsed = MT940Parse.collapsed(text)
            if !MT940Parse.unlessNone(collapsed).isEmpty { return collapsed }
        }
        return ""
    }
}

/// `:25:` to a bank account of the group.
enum MT940Account {
    /// Without spaces and without a trailing currency code: "NL71RABO0123456789EUR" is "NL71RABO0123456789".
    static func cleaned(_ value: String) -> String {
        let id = MT940Parse.trimmed(value).uppercased().filter { $0 != " " }
        let bytes = Array(id.utf8)
        guard bytes.count > 4, bytes.suffix(3).allSatisfy(MT940Parse.isUpper),
              (try? Currency(String(decoding: bytes.suffix(3), as: UTF8.self))) != nil else { return id }
        let before = bytes[bytes.count - 4]
        guard MT940Parse.isDigit(before) || [UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "-")].contains(before) else { return id }
        return String(decoding: bytes.dropLast(3), as: UTF8.self)
    }

    /// The ids tried, in order: as written without spaces (an IBAN may end in letters), without
    /// the currency, without the separators of "BLZ/account" and "1291.99.348", and the
    /// account number after the last "/".
    static func candidates(_ value: String) -> [String] {
        let written = MT940Parse.trimmed(value).uppercased().filter { $0 != " " }
        let cleaned = cleaned(value)
        let joined = cleaned.filter { $0 != "/" && $0 != "." && $0 != "-" }
        let number = cleaned.split(separator: "/").last.map { $0.filter { $0 != "." && $0 != "-" } } ?? ""
        var seen = Set<String>()
        return [written, cleaned, joined, String(number)].filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    static func match(_ value: String, in group: GroupDefinition) -> BankAccount? {
        for candidate in candidates(value) {
            if let bank = group.bankAccounts.first(where: { $0.iban.uppercased().filter { $0 != " " } == candidate }) {
                return bank
            }
        }
        return nil
    }
}
