import CloseEngine
import Foundation
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

    @Test func displayWidthCountsWideCharactersTwiceAndCombiningMarksNever() {
        #expect(DisplayWidth.of("US01") == 4)
        #expect(DisplayWidth.of("日本法人") == 8)  // four CJK ideographs
        #expect(DisplayWidth.of("ｶﾅ") == 2)  // halfwidth katakana: one column each
        #expect(DisplayWidth.of("ＵＳ") == 4)  // fullwidth Latin
        #expect(DisplayWidth.of("e\u{301}") == 1)  // e + combining acute
        #expect(DisplayWidth.of("が") == 2)
        #expect(DisplayWidth.truncate("株式会社アクメ", to: 7) == "株式会…")
        #expect(DisplayWidth.truncate("short", to: 7) == "short")
    }

    @Test func aTableOfJapaneseEntityNamesLinesUpOnATerminal() {
        var table = TextTable(headers: ["code", "name", "balance"], rightAligned: [2])
        table.rows = [["JP01", "アクメ株式会社", "1,200,000"], ["US01", "Acme Inc.", "-5.00"]]
        let lines = table.render().split(separator: "\n").map(String.init)
        // Every line ends in the same terminal column: the amounts are right-aligned.
        #expect(Set(lines.map { DisplayWidth.of($0) }).count == 1, "\(lines)")
        #expect(lines[2] == "JP01  アクメ株式会社  1,200,000")
        #expect(lines[3] == "US01  Acme Inc.           -5.00")
    }

    @Test func aTableFitsTheWidthItIsGivenByCuttingItsLastColumn() {
        var table = TextTable(headers: ["task", "waiting for"])
        table.maxTotalWidth = 40
        table.rows = [["lock", String(repeating: "blocked on everything ", count: 20)]]
        let lines = table.render().split(separator: "\n")
        #expect(lines.allSatisfy { DisplayWidth.of(String($0)) <= 40 }, "\(lines)")
        #expect(lines[2].hasSuffix("…"))
    }

    @Test func amountsForPeopleAreGroupedAndForFilesPlain() throws {
        #expect(Amounts.grouped(-123456789, .usd) == "-1,234,567.89")
        #expect(Amounts.shown(6580, .usd) == "65.80 USD")
        #expect(Amounts.grouped(120000000, .jpy) == "120,000,000")
        #expect(Amounts.grouped(1234567, try Currency("KWD")) == "1,234.567")
        #expect(Amounts.signed(-123456789, .usd) == "-1234567.89")
        #expect(Amounts.grouped(decimalText: "-1234567.50") == "-1,234,567.50")
        #expect(Amounts.grouped(decimalText: "n/a") == "n/a")
    }

    @Test func aLongListOfBlockersIsSummarised() {
        let tasks = (1...9).map { "bank-reconciliation/US01/10\($0)0" }
        let text = StatusCommand.summary(tasks)
        #expect(text.hasPrefix("9 tasks: bank-reconciliation/US01/1010, "), "\(text)")
        #expect(text.hasSuffix(" ... +7"), "\(text)")
        #expect(DisplayWidth.of(text) < 90)
        #expect(StatusCommand.summary(["cut-off"]) == "cut-off")
    }

    @Test func theWaitingColumnNamesTheDecidersOnly() {
        #expect(StatusCommand.deciders("cut-off 0.00 USD -> controller (bob, erin), cfo (carol); one approver; decide within 24h")
                == "controller (bob, erin), cfo (carol)")
        #expect(StatusCommand.deciders("consolidation 1234567.00 USD -> cfo (carol); two distinct approvers; decide within 24h; only one eligible user")
                == "cfo (carol); two approvers; only one eligible user")
        #expect(StatusCommand.deciders("lock 0.00 USD -> controller (bob); one approver; decide within 8h; overdue after 8h: escalated to cfo (carol)")
                == "controller (bob); + cfo (carol)")
        #expect(StatusCommand.deciders("something else") == "something else")
    }

    @Test func anArgumentsFieldIsNotPrefixedButAFilesLocationIs() {
        let task = LedgerError(.unknownEntry, "the close of 2026-05 has no task 'x'", at: SourceLocation(field: "TASK"))
        #expect(CommandLineErrors.text(task) == "the close of 2026-05 has no task 'x'")
        let user = LedgerError(.unknownUser, "unknown user 'bbo'", at: SourceLocation(field: "--as"))
        #expect(CommandLineErrors.text(user) == "unknown user 'bbo'")
        let file = LedgerError(.invalidAmount, "bad", at: SourceLocation(file: "edited.json", field: "entries[0].lines[0].amount"))
        #expect(CommandLineErrors.text(file) == "edited.json, field 'entries[0].lines[0].amount': bad")
    }

    @Test func theNearestNameIsSuggestedOnlyWhenItIsNear() {
        #expect(NearestName.suggestion(for: "bbo", in: ["alice", "bob", "carol", "dave"]) == "bob")
        #expect(NearestName.suggestion(for: "US1", in: ["US01", "DE01", "GB01", "JP01"]) == "US01")
        #expect(NearestName.suggestion(for: "cut-of", in: ["cut-off", "lock"]) == "cut-off")
        #expect(NearestName.suggestion(for: "zzzzzzzz", in: ["alice", "bob"]) == nil)
    }

    @Test func colourOnlyOnATerminalThatShowsItAndNeverWithNoColor() {
        #expect(TerminalColour.decide(environment: ["TERM": "xterm-256color"], isTerminal: true))
        #expect(!TerminalColour.decide(environment: ["TERM": "xterm-256color"], isTerminal: false))  // a pipe
        #expect(!TerminalColour.decide(environment: ["TERM": "xterm", "NO_COLOR": "1"], isTerminal: true))
        #expect(!TerminalColour.decide(environment: ["TERM": "dumb"], isTerminal: true))
        #expect(TerminalColour.decide(environment: ["CLICOLOR_FORCE": "1"], isTerminal: false))
        #expect(!TerminalColour.decide(environment: ["CLICOLOR_FORCE": "1", "NO_COLOR": "1"], isTerminal: false))
    }

    @Test func colourNeverShiftsAColumnAndACellsOwnEscapeIsStillShown() {
        var table = TextTable(headers: ["task", "state"])
        table.rows = [["cut-off", "done"], ["x\u{1B}[8m", "proposed"]]
        table.colour = { column, cell in column == 1 ? TerminalColour.state(cell) : nil }
        let plain = table.render()
        let coloured = table.render(colour: true)
        #expect(!plain.contains("\u{1B}"))
        #expect(coloured.contains("\u{1B}[32mdone"))
        #expect(coloured.replacingOccurrences(of: "\u{1B}[32m", with: "").replacingOccurrences(of: "\u{1B}[33m", with: "")
                    .replacingOccurrences(of: "\u{1B}[0m", with: "") == plain)
        #expect(coloured.contains("x\\u{1B}[8m"))
    }

    @Test func jsonKeysAreSnakeCaseButCodesUsedAsKeysStayAsTheyAre() throws {
        struct Sample: Encodable { let matchedByReference: Int; let task_kind: String; let entities: [String: String] }
        let json = try JSONOutput.encode(Sample(matchedByReference: 2, task_kind: "cut-off", entities: ["US01": "1.00", "JP01": "2"]))
        #expect(json.contains("\"matched_by_reference\":2") && json.contains("\"task_kind\"") && json.contains("\"US01\":\"1.00\""), "\(json)")
        #expect(JSONOutput.snakeCase("statementLines") == "statement_lines")
        #expect(JSONOutput.snakeCase("EUR") == "EUR")
    }

    @Test func amountsInsideSentencesAreGroupedAndNothingElse() {
        #expect(AmountText.grouped("ledger 358802.87 USD + proposed entries -65.80 USD") == "ledger 358,802.87 USD + proposed entries -65.80 USD")
        #expect(AmountText.grouped("accruals/JP01 1757322 JPY -> controller (bob)") == "accruals/JP01 1,757,322 JPY -> controller (bob)")
        #expect(AmountText.grouped("fee CHAS260500000004 of -1250.00 EUR on 2026-05-05") == "fee CHAS260500000004 of -1,250.00 EUR on 2026-05-05")
        #expect(AmountText.grouped("account 6400 USDX, year 2026 FOO, rate 1.1561 closing") == "account 6400 USDX, year 2026 FOO, rate 1.1561 closing")
        #expect(AmountText.grouped("") == "")
    }
}
