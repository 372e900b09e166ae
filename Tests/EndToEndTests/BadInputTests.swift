import Foundation
import Testing

/// Every malformed file in Fixtures/bad, fed to the command that reads it: exit 1, a message
/// naming the file, line and field that Fixtures/bad/README.md lists, and no change to the
/// database (for a group file: no database created).
@Suite struct BadInputTests {
    struct Expectation: CustomStringConvertible, Sendable {
        var file: String
        var line: String
        var field: String
        var description: String { file }
    }

    static var expectations: [Expectation] {
        guard let text = try? String(contentsOfFile: Fixtures.path("bad/README.md"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { row in
            let cells = row.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 7, cells[1].hasPrefix("`") else { return nil }
            return Expectation(file: cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`")), line: cells[3], field: cells[4])
        }
    }

    @Test func everyBadFileHasAnExpectation() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("bad")).filter { $0 != "README.md" && $0 != "scenarios" }
        #expect(files.count >= 30)
        #expect(Set(files) == Set(Self.expectations.map(\.file)))
    }

    @Test(arguments: expectations)
    func badFileIsRefusedWithoutChange(_ expectation: Expectation) throws {
        let scratch = try Scratch()
        let path = Fixtures.path("bad/" + expectation.file)
        let result: CloseBinary.Result
        if expectation.file.hasPrefix("group-") {
            result = try CloseBinary.run(["init", "--group", path, "--db", "ledger.db"], in: scratch.url)
            #expect(!FileManager.default.fileExists(atPath: scratch.path("ledger.db")))
        } else {
            let created = try CloseBinary.run(["init", "--db", "ledger.db"], in: scratch.url)
            #expect(created.status == 0)
            let before = try scratch.fingerprint("ledger.db")
            let command = expectation.file.hasPrefix("rates-") ? "rates" : "journal"
            result = try CloseBinary.run([command, "import", "--as", "alice", path, "--db", "ledger.db"], in: scratch.url)
            #expect(try scratch.fingerprint("ledger.db") == before, "the database changed")
        }
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains(expectation.file), "\(result.stderr)")
        if expectation.line != "-" {
            #expect(result.stderr.contains("line \(expectation.line)"), "\(result.stderr)")
        }
        if expectation.field != "-" {
            #expect(result.stderr.contains(expectation.field), "\(result.stderr)")
        }
        #expect(!result.stderr.contains("Fatal error"))
    }
}
