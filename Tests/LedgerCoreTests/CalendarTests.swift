import Testing
import PropertyBased
import LedgerCore

/// Calendar days, periods and fiscal years.
@Suite("CalendarDate and PeriodID")
struct CalendarTests {
    @Test("refuses dates that are not on the calendar or not YYYY-MM-DD", arguments: [
        "2026-02-30", "2025-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00",
        "2026-1-01", "2026-01-1", "26-01-01", "0000-01-01", "2026/01/01", "2026-01-01 ", " 2026-01-01",
        "2026-01-01T00:00", "", "2026-0a-01", "+026-01-01", "２０２６-01-01",
    ])
    func refusesDate(_ text: String) {
        let error = #expect(throws: LedgerError.self) { try CalendarDate(parsing: text) }
        #expect(error?.code == .invalidDate, "\(text)")
    }

    @Test("accepts leap days and month ends", arguments: [
        "2024-02-29", "2000-02-29", "2026-02-28", "2026-12-31", "2026-04-30", "0001-01-01", "9999-12-31",
    ])
    func acceptsDate(_ text: String) throws {
        let date = try CalendarDate(parsing: text)
        #expect(date.description == text)
    }

    @Test("the memberwise initializer validates too")
    func memberwiseValidates() {
        #expect((#expect(throws: LedgerError.self) { try CalendarDate(year: 2026, month: 2, day: 29) })?.code == .invalidDate)
        #expect((#expect(throws: LedgerError.self) { try CalendarDate(year: 10_000, month: 1, day: 1) })?.code == .invalidDate)
        #expect((#expect(throws: LedgerError.self) { try CalendarDate(year: 2026, month: 1, day: 32) })?.code == .invalidDate)
        #expect((try? CalendarDate(year: 2024, month: 2, day: 29))?.description == "2024-02-29")
    }

    @Test("dayNumber counts days across months, leap days and years")
    func dayNumber() throws {
        func day(_ text: String) throws -> Int { try CalendarDate(parsing: text).dayNumber }
        #expect(try day("2024-03-01") - day("2024-02-28") == 2)
        #expect(try day("2026-03-01") - day("2026-02-28") == 1)
        #expect(try day("2027-01-01") - day("2026-01-01") == 365)
        #expect(try day("2025-01-01") - day("2024-01-01") == 366)
        #expect(try day("2026-05-04") - day("2026-05-01") == 3)
    }

    @Test("dates order chronologically and their period is their month")
    func ordering() throws {
        let a = try CalendarDate(parsing: "2026-01-31")
        let b = try CalendarDate(parsing: "2026-02-01")
        #expect(a < b)
        #expect(a.period < b.period)
        #expect(b.period.description == "2026-02")
    }

    @Test("consecutive days have consecutive day numbers (property)")
    func dayNumberProperty() async {
        await propertyCheck(count: 300, input: Gen.int(in: 1...9998), Gen.int(in: 1...12), Gen.int(in: 1...31)) { year, month, day in
            guard day <= CalendarDate.daysIn(year: year, month: month) else { return }
            let date = try CalendarDate(year: year, month: month, day: day)
            let next: CalendarDate
            if day < CalendarDate.daysIn(year: year, month: month) {
                next = try CalendarDate(year: year, month: month, day: day + 1)
            } else {
                next = month == 12 ? try CalendarDate(year: year + 1, month: 1, day: 1) : try CalendarDate(year: year, month: month + 1, day: 1)
            }
            #expect(next.dayNumber - date.dayNumber == 1)
            #expect(try CalendarDate(parsing: date.description) == date)
        }
    }

    // MARK: PeriodID

    @Test("parses YYYY-MM and refuses anything else", arguments: [
        ("2026-05", true), ("0001-01", true), ("9999-12", true), ("2026-5", false), ("2026-13", false),
        ("2026-00", false), ("26-05", false), ("2026-05-01", false), ("2026/05", false), ("", false), ("0000-01", false),
    ])
    func parsesPeriod(_ text: String, _ valid: Bool) throws {
        if valid {
            #expect(try PeriodID(parsing: text).description == text)
        } else {
            #expect((#expect(throws: LedgerError.self) { try PeriodID(parsing: text) })?.code == .invalidPeriod)
        }
    }

    @Test("next and previous cross year boundaries")
    func nextPrevious() throws {
        let dec = try PeriodID(parsing: "2026-12")
        #expect(dec.next.description == "2027-01")
        #expect(dec.next.previous == dec)
        let jan = try PeriodID(parsing: "2026-01")
        #expect(jan.previous.description == "2025-12")
        #expect(try PeriodID(parsing: "2026-05").next.description == "2026-06")
        #expect(try PeriodID(parsing: "2024-02").lastDay.description == "2024-02-29")
        #expect(try PeriodID(parsing: "2026-02").lastDay.description == "2026-02-28")
        #expect(try PeriodID(parsing: "2026-04").firstDay.description == "2026-04-01")
    }

    @Test("fiscal year with a January start is the calendar year")
    func fiscalYearCalendar() throws {
        for month in 1...12 {
            let period = try PeriodID(parsing: "2026-" + (month < 10 ? "0" : "") + String(month))
            #expect(period.fiscalYear(startMonth: 1) == 2026)
            #expect(period.fiscalYearStart(startMonth: 1).description == "2026-01")
        }
    }

    @Test("fiscal year with a July start is named by the year in which it ends", arguments: [
        ("2026-06", 2026, "2025-07"), ("2026-07", 2027, "2026-07"), ("2026-12", 2027, "2026-07"),
        ("2027-01", 2027, "2026-07"), ("2027-06", 2027, "2026-07"), ("2027-07", 2028, "2027-07"),
    ])
    func fiscalYearJuly(_ text: String, _ year: Int, _ start: String) throws {
        let period = try PeriodID(parsing: text)
        #expect(period.fiscalYear(startMonth: 7) == year)
        #expect(period.fiscalYearStart(startMonth: 7).description == start)
    }

    @Test("fiscal year start is never after the period and at most 11 months before (property)")
    func fiscalYearProperty() async {
        await propertyCheck(count: 300, input: Gen.int(in: 2...9998), Gen.int(in: 1...12), Gen.int(in: 1...12)) { year, month, startMonth in
            let text = String(year).count == 4 ? String(year) : String(repeating: "0", count: 4 - String(year).count) + String(year)
            let period = try PeriodID(parsing: text + "-" + (month < 10 ? "0" : "") + String(month))
            let start = period.fiscalYearStart(startMonth: startMonth)
            #expect(start <= period)
            #expect(start.month == startMonth)
            let monthsBack = (period.year - start.year) * 12 + period.month - start.month
            #expect((0...11).contains(monthsBack))
            // The fiscal year's name is the calendar year of its last month.
            let lastMonthYear = startMonth == 1 ? start.year : start.year + 1
            #expect(period.fiscalYear(startMonth: startMonth) == lastMonthYear)
        }
    }
}
