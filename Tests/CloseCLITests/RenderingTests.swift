import LedgerCore
import Testing
@testable import CloseCLI

@Suite struct RenderingTests {
    @Test func tablePadsColumnsAndRightAlignsNumbers() {
        var table = TextTable(headers: ["account", "balance"], rightAligned: [1])
        table.rows = [["1000", "5.00"], ["4000", "-1250.00"]]
        #expect(table.render() == """
        account   balance
        -------  --------
        1000         5.00
        4000     -1250.00
        """)
    }

    @Test func csvQuotesOnlyWhatNeedsIt() {
        #expect(CSVOutput.line(["a", "b,c", "say \"hi\"", "line\nbreak"]) == "a,\"b,c\",\"say \"\"hi\"\"\",\"line\nbreak\"")
    }

    @Test func amountsKeepTheCurrencyExponent() throws {
        #expect(Amounts.signed(-125040, .usd) == "-1250.40")
        #expect(Amounts.unsigned(-125040, .usd) == "1250.40")
        #expect(Amounts.signed(120000, .jpy) == "120000")
        #expect(Amounts.signed(1, try Currency("KWD")) == "0.001")
        #expect(Amounts.unsigned(Int64.min, .usd) == "92233720368547758.08")
    }

    @Test func trialBalanceJSONUsesDecimalStrings() throws {
        let balance = TrialBalance(entity: "US01", period: try PeriodID(parsing: "2026-05"), currency: .usd, rows: [
            try TrialBalanceRow(account: "1000", name: "Bank", type: .asset, debitMinor: 1000, creditMinor: 250),
            try TrialBalanceRow(account: "4000", name: "Revenue", type: .revenue, debitMinor: 0, creditMinor: 750),
        ])
        let json = try JSONOutput.encode(try TrialBalanceReport.json(balance))
        #expect(json == #"{"accounts":[{"account":"1000","balance":"7.50","credit":"2.50","debit":"10.00","name":"Bank"},{"account":"4000","balance":"-7.50","credit":"7.50","debit":"0.00","name":"Revenue"}],"currency":"USD","entity":"US01","period":"2026-05","total_credit":"10.00","total_debit":"10.00"}"#)
    }
}
