import FuzzSupport
import Interchange
import LedgerCore

// Bank statement CSV (`close bank import` of a CSV file): parsed against the demo group;
// statements that tie out are imported, as the CLI does.

@main
enum BankCSVTarget {
    static func main() {
        Fuzzer.run(seeds: { Generated.bankCSV() }, fuzzBankCSV)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBankCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let file = "fuzz-bank.csv"
    let statements: [BankStatement]
    do {
        statements = try BankStatementCSV.parse(Property.bytes(data, size), file: file, group: FuzzGroups.demo)
    } catch {
        Property.requireClear(error)
        return 0
    }
    // The CLI's check: a statement that does not tie out (or whose sum overflows) blocks the file.
    let issues = statements.compactMap { statement in
        (try? statement.tieOutDifference()) == 0 ? nil
            : BankFileIssue(location: SourceLocation(file: file, field: "balance"), message: "statement \(statement.id) does not tie out",
                            statement: statement.id, blocking: true)
    }
    BankImport.check(BankFileImport(statements: statements, issues: issues), group: FuzzGroups.demo, file: file)
    return 0
}
