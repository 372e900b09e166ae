import LedgerCore

/// A small, readable month of Acme Group's business (2026-05) with its opening balances
/// and rates, written as the journal and rates CSV files a user would import. Fixed
/// content: the demo prints the same figures on every run.
enum DemoBooks {
    static let period = try! PeriodID(parsing: "2026-05")

    /// Daily spot rates for April 30 and the weekdays of May: EUR, GBP and JPY against USD,
    /// both ways, with a gentle deterministic drift.
    static var ratesCSV: String {
        var lines = ["date,from,to,rate,type"]
        let days = [30] .map { (4, $0) } + (1...31).map { (5, $0) }
        for (index, (month, day)) in days.enumerated() {
            let date = try! CalendarDate(year: 2026, month: month, day: day)
            guard month == 4 || !isWeekend(date) else { continue }
            let eurUsd = 10_850 + Int64(index % 7) * 3      // 1.0850 .. 1.0868 (4 decimals)
            let gbpUsd = 12_650 + Int64(index % 5) * 4      // 1.2650 .. 1.2666
            let usdJpy = 15_520 + Int64(index % 6) * 10     // 155.20 .. 155.70 (2 decimals)
            lines.append("\(date),EUR,USD,\(Decimal10.format(eurUsd, scale: 4)),spot")
            lines.append("\(date),GBP,USD,\(Decimal10.format(gbpUsd, scale: 4)),spot")
            lines.append("\(date),USD,JPY,\(Decimal10.format(usdJpy, scale: 2)),spot")
            lines.append("\(date),USD,EUR,\(invert(eurUsd)),spot")
            lines.append("\(date),USD,GBP,\(invert(gbpUsd)),spot")
        }
        let closing = try! CalendarDate(year: 2026, month: 5, day: 31)
        lines.append("\(closing),EUR,USD,1.0871,closing")
        lines.append("\(closing),GBP,USD,1.2671,closing")
        lines.append("\(closing),USD,JPY,155.8,closing")
        return lines.joined(separator: "\n") + "\n"
    }

    /// 1 / (rate / 10^4) to 6 decimals, half-even.
    private static func invert(_ rateE4: Int64) -> String {
        let value = Rounding.divideHalfEven(Int128(10_000) * 1_000_000, by: Int128(rateE4))
        return Decimal10.format(Int64(value), scale: 6)
    }

    static func isWeekend(_ date: CalendarDate) -> Bool {
        // dayNumber 0 is 0000-03-01, a Wednesday.
        let weekday = (date.dayNumber + 2) % 7   // 0 = Monday
        return weekday >= 5
    }

    static let header = "entry_id,entity,date,account,debit,credit,currency,description,reference,partner"

    /// Opening balances at 2026-04-30, one entry per entity.
    static let openingCSV = ([header] + [
        "OB-US01,US01,2026-04-30,1000,850000.00,,USD,Opening balances,OB-2026,",
        "OB-US01,US01,2026-04-30,1100,240000.00,,USD,Opening balances,OB-2026,",
        "OB-US01,US01,2026-04-30,1500,600000.00,,USD,Opening balances,OB-2026,",
        "OB-US01,US01,2026-04-30,1510,,120000.00,USD,Opening balances,OB-2026,",
        "OB-US01,US01,2026-04-30,2000,,180000.00,USD,Opening balances,OB-2026,",
        "OB-US01,US01,2026-04-30,3000,,1000000.00,USD,Opening balances,OB-2026,",
        "OB-US01,US01,2026-04-30,3100,,390000.00,USD,Opening balances,OB-2026,",
        "OB-DE01,DE01,2026-04-30,1000,310000.00,,EUR,Eröffnungsbilanz,OB-2026,",
        "OB-DE01,DE01,2026-04-30,1100,95000.00,,EUR,Eröffnungsbilanz,OB-2026,",
        "OB-DE01,DE01,2026-04-30,2000,,65000.00,EUR,Eröffnungsbilanz,OB-2026,",
        "OB-DE01,DE01,2026-04-30,3000,,250000.00,EUR,Eröffnungsbilanz,OB-2026,",
        "OB-DE01,DE01,2026-04-30,3100,,90000.00,EUR,Eröffnungsbilanz,OB-2026,",
        "OB-GB01,GB01,2026-04-30,1000,180000.00,,GBP,Opening balances,OB-2026,",
        "OB-GB01,GB01,2026-04-30,1100,42000.00,,GBP,Opening balances,OB-2026,",
        "OB-GB01,GB01,2026-04-30,3000,,150000.00,GBP,Opening balances,OB-2026,",
        "OB-GB01,GB01,2026-04-30,3100,,72000.00,GBP,Opening balances,OB-2026,",
        "OB-JP01,JP01,2026-04-30,1000,45000000,,JPY,期首残高,OB-2026,",
        "OB-JP01,JP01,2026-04-30,1200,12000000,,JPY,期首残高,OB-2026,",
        "OB-JP01,JP01,2026-04-30,3000,,50000000,JPY,期首残高,OB-2026,",
        "OB-JP01,JP01,2026-04-30,3100,,7000000,JPY,期首残高,OB-2026,",
    ]).joined(separator: "\n") + "\n"

    /// The month's business: sales, receipts, purchases, payroll, rent, a bank fee, a sale
    /// invoiced in EUR by the US entity, an intercompany charge recorded on both sides, and
    /// one rent entry booked twice by mistake (the demo reverses it).
    static let mayCSV = ([header] + [
        "US-S-1001,US01,2026-05-04,1100,125000.00,,USD,Invoice 1001 Globex,INV-1001,",
        "US-S-1001,US01,2026-05-04,4000,,125000.00,USD,Invoice 1001 Globex,INV-1001,",
        "US-S-1002,US01,2026-05-12,1100,48500.00,,EUR,Invoice 1002 Initech GmbH (EUR),INV-1002,",
        "US-S-1002,US01,2026-05-12,4000,,48500.00,EUR,Invoice 1002 Initech GmbH (EUR),INV-1002,",
        "US-R-0501,US01,2026-05-15,1000,240000.00,,USD,Receipt Umbrella Corp,RCPT-0501,",
        "US-R-0501,US01,2026-05-15,1100,,240000.00,USD,Receipt Umbrella Corp,RCPT-0501,",
        "US-P-7781,US01,2026-05-06,5000,61000.00,,USD,Bill 7781 Acme Supply,BILL-7781,",
        "US-P-7781,US01,2026-05-06,2000,,61000.00,USD,Bill 7781 Acme Supply,BILL-7781,",
        "US-PAY-05,US01,2026-05-29,6000,142000.00,,USD,May payroll,PAY-2026-05,",
        "US-PAY-05,US01,2026-05-29,1000,,142000.00,USD,May payroll,PAY-2026-05,",
        "US-RENT-05,US01,2026-05-01,6100,18000.00,,USD,May rent HQ,RENT-05,",
        "US-RENT-05,US01,2026-05-01,1000,,18000.00,USD,May rent HQ,RENT-05,",
        "US-RENT-05-DUP,US01,2026-05-01,6100,18000.00,,USD,May rent HQ (entered twice),RENT-05,",
        "US-RENT-05-DUP,US01,2026-05-01,1000,,18000.00,USD,May rent HQ (entered twice),RENT-05,",
        "US-FEE-05,US01,2026-05-29,6400,125.40,,USD,Bank charges May,FEE-05,",
        "US-FEE-05,US01,2026-05-29,1000,,125.40,USD,Bank charges May,FEE-05,",
        "IC-0526-US,US01,2026-05-26,1150,35000.00,,USD,Management fee Q2 to DE01,IC-0526,DE01",
        "IC-0526-US,US01,2026-05-26,4100,,35000.00,USD,Management fee Q2 to DE01,IC-0526,DE01",
        "IC-0526-DE,DE01,2026-05-26,6500,35000.00,,USD,Managementgebühr Q2 von US01,IC-0526,US01",
        "IC-0526-DE,DE01,2026-05-26,2150,,35000.00,USD,Managementgebühr Q2 von US01,IC-0526,US01",
        "DE-S-2201,DE01,2026-05-07,1100,73400.00,,EUR,Rechnung 2201 Müller AG,RE-2201,",
        "DE-S-2201,DE01,2026-05-07,4000,,61680.67,EUR,Rechnung 2201 Müller AG,RE-2201,",
        "DE-S-2201,DE01,2026-05-07,2200,,11719.33,EUR,USt 19% Rechnung 2201,RE-2201,",
        "DE-PAY-05,DE01,2026-05-28,6000,58000.00,,EUR,Gehälter Mai,GEH-05,",
        "DE-PAY-05,DE01,2026-05-28,1000,,58000.00,EUR,Gehälter Mai,GEH-05,",
        "DE-RENT-05,DE01,2026-05-01,6100,9500.00,,EUR,Miete Mai,MIETE-05,",
        "DE-RENT-05,DE01,2026-05-01,1000,,9500.00,EUR,Miete Mai,MIETE-05,",
        "GB-S-301,GB01,2026-05-11,1100,28800.00,,GBP,Invoice 301 Wonka Ltd,INV-301,",
        "GB-S-301,GB01,2026-05-11,4000,,24000.00,GBP,Invoice 301 Wonka Ltd,INV-301,",
        "GB-S-301,GB01,2026-05-11,2200,,4800.00,GBP,VAT 20% invoice 301,INV-301,",
        "GB-PAY-05,GB01,2026-05-28,6000,31000.00,,GBP,May payroll,PAY-05,",
        "GB-PAY-05,GB01,2026-05-28,1000,,31000.00,GBP,May payroll,PAY-05,",
        "GB-UTIL-05,GB01,2026-05-20,6200,1240.55,,GBP,Electricity May,UTIL-05,",
        "GB-UTIL-05,GB01,2026-05-20,2000,,1240.55,GBP,Electricity May,UTIL-05,",
        "JP-S-88,JP01,2026-05-13,1100,3850000,,JPY,請求書 88 山田商事,INV-88,",
        "JP-S-88,JP01,2026-05-13,4000,,3500000,JPY,請求書 88 山田商事,INV-88,",
        "JP-S-88,JP01,2026-05-13,2200,,350000,JPY,消費税 10%,INV-88,",
        "JP-PAY-05,JP01,2026-05-25,6000,6200000,,JPY,5月給与,PAY-05,",
        "JP-PAY-05,JP01,2026-05-25,1000,,6200000,JPY,5月給与,PAY-05,",
        "JP-RENT-05,JP01,2026-05-01,6100,1200000,,JPY,5月家賃,RENT-05,",
        "JP-RENT-05,JP01,2026-05-01,1000,,1200000,JPY,5月家賃,RENT-05,",
    ]).joined(separator: "\n") + "\n"
}
