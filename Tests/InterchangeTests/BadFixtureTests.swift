import Foundation
import Interchange
import LedgerCore
import Testing

/// One row of Fixtures/bad/README.md: a malformed file and where its error must point.
struct BadFixture: Sendable, CustomTestStringConvertible {
    var file: String
    var line: Int?
    var field: String?
    var code: String
    var refusedByLedger: Bool

    var testDescription: String { file }

    /// Rows look like: | `file` | what is wrong | line | field | code | refused by |
    static func table() throws -> [BadFixture] {
        let readme = String(decoding: try FixtureFiles.bytes("bad/README.md"), as: UTF8.self)
        return try readme.split(separator: "\n").filter { $0.hasPrefix("| `") }.map { row in
            let cells = row.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "") }
            guard cells.count == 6, cells[5] == "parser" || cells[5] == "ledger" else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "bad README row: \(row)"])
            }
            return BadFixture(file: cells[0], line: cells[2] == "-" ? nil : Int(cells[2]),
                              field: cells[3] == "-" ? nil : cells[3], code: cells[4], refusedByLedger: cells[5] == "ledger")
        }
    }

    static let all: [BadFixture] = (try? table()) ?? []
}

@Suite("Fixtures/bad")
struct BadFixtureTests {
    private let group = DemoGroup.definition()

    @Test func everyFileHasExactlyOneRow() throws {
        let rows = try BadFixture.table().map(\.file)
        #expect(rows.count == Set(rows).count, "a file is listed twice")
        // Bad scenario files live in their own folder, with their own table (SimulationTests).
        #expect(rows.sorted() == (try FixtureFiles.names(in: "bad").filter { $0 != "README.md" && $0 != "scenarios" }))
        #expect(rows.count >= 30)
    }

    @Test(arguments: BadFixture.all)
    func refusedWhereTheReadmeSays(_ fixture: BadFixture) throws {
        let error = try #require(try refusal(of: fixture), "\(fixture.file) was accepted")
        #expect(error.code.rawValue == fixture.code, "\(error)")
        #expect(error.location?.line == fixture.line, "\(error)")
        #expect(error.location?.field == fixture.field, "\(error)")
        let expectedFile = fixture.file.hasPrefix("group-") ? FixtureFiles.path("bad/" + fixture.file) : fixture.file
        #expect(error.location?.file == expectedFile, "\(error)")
        #expect(!error.message.isEmpty)
    }

    /// The error a fixture produces, from the parser or, for `ledger` rows, from the
    /// ledger's rules after a successful parse (nil if nothing refused it).
    private func refusal(of fixture: BadFixture) throws -> LedgerError? {
        let path = FixtureFiles.path("bad/" + fixture.file)
        let bytes = try FixtureFiles.bytes("bad/" + fixture.file)
        if fixture.refusedByLedger {
            let journal = try JournalCSV.parse(bytes, file: fixture.file, group: group)
            return ledgerRefusal(of: journal, file: fixture.file)
        }
        do {
            if fixture.file.hasPrefix("journal-") {
                _ = try JournalCSV.parse(bytes, file: fixture.file, group: group)
            } else if fixture.file.hasPrefix("rates-") {
                _ = try RatesCSV.parse(bytes, file: fixture.file)
            } else {
                _ = try GroupFile.parse(contentsOf: path)
            }
            return nil
        } catch {
            return error
        }
    }

    private func ledgerRefusal(of journal: ParsedJournal, file: String) -> LedgerError? {
        let rules = EntryRules(group: group)
        let noRates: RateLookup = { from, to, _ throws(LedgerError) in
            throw LedgerError(.missingRate, "no \(from)->\(to) rate in this test")
        }
        for (index, draft) in journal.drafts.enumerated() {
            do {
                _ = try rules.resolve(draft, rates: noRates)
            } catch {
                return journal.locating(error, inEntry: index, file: file)
            }
        }
        return nil
    }
}
