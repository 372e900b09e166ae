import Foundation
import Interchange
import LedgerCore
import Testing

/// Every input in Fixtures/fuzz broke a property of a fuzz target (docs/fuzzing.md) and is
/// kept here as it was found, so that `swift test` proves the fix holds.
@Suite("Fixtures/fuzz: inputs the fuzz targets found")
struct FuzzRegressionTests {
    /// The file, the reader that must refuse it, and the line the refusal must name.
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var line: Int
        var read: @Sendable ([UInt8]) throws -> Void
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        // A NUL byte in a statement id was stored; SQLite reads the text only up to it, so the
        // audit event of the import no longer matched its hash (`close audit verify` failed).
        Case(file: "bank-csv-nul-in-statement-id.csv", line: 3) { bytes in
            _ = try BankStatementCSV.parse(bytes, file: "bank.csv", group: DemoGroup.definition())
        },
        // A byte that is not UTF-8 in an element name: Foundation's XMLParser trapped on it
        // (fuzz-saft, in its first minute); the SAF-T reader now checks the bytes first.
        Case(file: "saft-invalid-utf8-element-name.xml", line: 170) { bytes in
            _ = try SAFTReader.read(bytes, file: "saft.xml", options: SAFTOptions())
        },
    ]

    @Test(arguments: cases)
    func isRefusedWithItsLine(_ fuzzCase: Case) throws {
        let bytes = try FixtureFiles.bytes("fuzz/" + fuzzCase.file)
        do {
            try fuzzCase.read(bytes)
            Issue.record("\(fuzzCase.file) was accepted")
        } catch let error as LedgerError {
            #expect(error.location?.line == fuzzCase.line, "\(error)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func everyFileHasACase() throws {
        let files = try FixtureFiles.names(in: "fuzz").filter { $0 != "README.md" }
        #expect(files == Self.cases.map(\.file).sorted())
    }
}
