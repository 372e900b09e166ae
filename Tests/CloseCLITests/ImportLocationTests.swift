import Interchange
import LedgerCore
import Testing
@testable import CloseCLI

/// A refusal by the ledger speaks of "entry k, line j"; the user needs the file's line.
@Suite struct ImportLocationTests {
    @Test func ledgerErrorsPointAtThePhysicalFileLine() throws {
        let csv = """
        entry_id,entity,date,account,debit,credit,currency,description,reference,partner
        A,US01,2026-05-01,1000,10.00,,USD,a,,
        B,US01,2026-05-01,1000,10.00,,USD,b,,
        A,US01,2026-05-01,4000,,10.00,USD,a,,
        B,US01,2026-05-01,4000,,9.00,USD,b,,

        """
        let parsed = try JournalCSV.parse(Array(csv.utf8), file: "x.csv", group: DemoGroup.definition())
        #expect(parsed.fileLines == [[2, 4], [3, 5]])
        var lineError = LedgerError(.invalidAmount, "bad", at: SourceLocation(field: "partner"), entryLineIndex: 1)
        lineError.entryIndex = 1
        let located = JournalCommand.Import.locate(lineError, in: parsed, file: "x.csv")
        #expect(located.location == SourceLocation(file: "x.csv", line: 5, field: "partner"))
        #expect(located.description.hasPrefix("x.csv, line 5, field 'partner': entry 'B'"))

        var entryError = LedgerError(.unbalanced, "off")
        entryError.entryIndex = 1
        #expect(JournalCommand.Import.locate(entryError, in: parsed, file: "x.csv").location?.line == 3)
    }
}
