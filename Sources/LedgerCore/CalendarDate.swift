/// A calendar day `YYYY-MM-DD` with no time zone: the date an entry belongs to.
/// Parsing validates the calendar (2026-02-30 is refused).
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) throws(LedgerError) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(year: year, month: month)).contains(day) else {
            throw LedgerError(.invalidDate, "\(year)-\(month)-\(day) is not a calendar date")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    public init(parsing text: String) throws(LedgerError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = Digits.value(bytes[0..<4]), let month = Digits.value(bytes[5..<7]),
              let day = Digits.value(bytes[8..<10]) else {
            throw LedgerError(.invalidDate, "'\(SafeText.excerpt(text, limit: 40))' is not a date in the form YYYY-MM-DD")
        }
        do {
            try self.init(year: year, month: month, day: day)
        } catch {
            throw LedgerError(.invalidDate, "'\(SafeText.excerpt(text, limit: 40))' is not a calendar date")
        }
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var period: PeriodID { PeriodID(uncheckedYear: year, month: month) }

    /// Days since 0000-03-01 (proleptic Gregorian), for date arithmetic.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe
    }

    /// `YYYY-MM-DD`, written digit by digit: this runs once per posted entry.
    public var description: String {
        let digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
            Digits.ascii(year / 1000 % 10), Digits.ascii(year / 100 % 10), Digits.ascii(year / 10 % 10), Digits.ascii(year % 10),
            UInt8(ascii: "-"), Digits.ascii(month / 10), Digits.ascii(month % 10),
            UInt8(ascii: "-"), Digits.ascii(day / 10), Digits.ascii(day % 10))
        return withUnsafeBytes(of: digits) { String(decoding: $0, as: UTF8.self) }
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

/// A calendar month `YYYY-MM`: the period of one entity.
public struct PeriodID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    init(uncheckedYear year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    public init(parsing text: String) throws(LedgerError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
              let year = Digits.value(bytes[0..<4]), let month = Digits.value(bytes[5..<7]),
              (1...9999).contains(year), (1...12).contains(month) else {
            throw LedgerError(.invalidPeriod, "'\(SafeText.excerpt(text, limit: 40))' is not a period in the form YYYY-MM")
        }
        self.init(uncheckedYear: year, month: month)
    }

    public var firstDay: CalendarDate { try! CalendarDate(year: year, month: month, day: 1) }
    public var lastDay: CalendarDate {
        try! CalendarDate(year: year, month: month, day: CalendarDate.daysIn(year: year, month: month))
    }

    public var next: PeriodID { month == 12 ? PeriodID(uncheckedYear: year + 1, month: 1) : PeriodID(uncheckedYear: year, month: month + 1) }
    public var previous: PeriodID { month == 1 ? PeriodID(uncheckedYear: year - 1, month: 12) : PeriodID(uncheckedYear: year, month: month - 1) }

    /// The fiscal year this period belongs to, named by the calendar year in which it ends.
    /// With `startMonth` 1 the fiscal year is the calendar year.
    public func fiscalYear(startMonth: Int) -> Int {
        startMonth == 1 || month < startMonth ? year : year + 1
    }

    /// The first period of the fiscal year containing this period.
    public func fiscalYearStart(startMonth: Int) -> PeriodID {
        if startMonth == 1 { return PeriodID(uncheckedYear: year, month: 1) }
        return month >= startMonth ? PeriodID(uncheckedYear: year, month: startMonth)
                                   : PeriodID(uncheckedYear: year - 1, month: startMonth)
    }

    public var description: String { Digits.padded(year, 4) + "-" + Digits.padded(month, 2) }

    public static func < (a: PeriodID, b: PeriodID) -> Bool { (a.year, a.month) < (b.year, b.month) }
}

/// The state of one entity's period. Soft-closed accepts close-process postings only.
public enum PeriodState: String, Sendable, CaseIterable {
    case open
    case softClosed = "soft-closed"
    case closed
}

enum Digits {
    static func value(_ bytes: ArraySlice<UInt8>) -> Int? {
        var result = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            result = result * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return result
    }

    static func ascii(_ digit: Int) -> UInt8 { UInt8(ascii: "0") + UInt8(digit) }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

extension CalendarDate {
    /// The date `dayNumber` days after 0000-03-01 (the inverse of `dayNumber`).
    public init(dayNumber: Int) {
        let era = (dayNumber >= 0 ? dayNumber : dayNumber - 146096) / 146097
        let doe = dayNumber - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        self = try! CalendarDate(year: year, month: month, day: day)  // the arithmetic yields valid dates only
    }

    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    /// 1 = Monday ... 7 = Sunday (ISO 8601).
    public var weekday: Int {
        // 0000-03-01 was a Wednesday (ISO 3).
        let offset = (dayNumber + 2) % 7
        return (offset < 0 ? offset + 7 : offset) + 1
    }

    public var isWeekend: Bool { weekday >= 6 }
}
