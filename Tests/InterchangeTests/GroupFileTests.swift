import Foundation
import Interchange
import LedgerCore
import Testing

@Suite("Group file")
struct GroupFileTests {
    private let minimal = """
        name: Mini
        currency: EUR
        entities:
          - {code: FR01, name: Mini SAS, currency: EUR, country: FR}
        accounts:
          - {code: 1000, name: Bank, type: asset}
          - code: "0100"
            name: Petty cash
            type: asset
            bank: true
            closed: false
        users:
          - {name: eve, display_name: Eve, role: controller}

        """

    private func refusal(_ text: String) -> LedgerError? {
        #expect(throws: LedgerError.self) { try GroupFile.parse(text, file: "g.yaml") }
    }

    @Test func defaultsAndIntegerCodes() throws {
        let group = try GroupFile.parse(minimal, file: "g.yaml")
        #expect(group.name == "Mini")
        #expect(group.currency == .eur)
        #expect(group.fiscalYearStartMonth == 1)
        #expect(group.entities == [Entity(code: "FR01", name: "Mini SAS", currency: .eur, country: "FR")])
        // A YAML integer code is the text as written; a leading zero survives.
        #expect(group.accounts.map(\.code) == ["1000", "0100"])
        #expect(group.accounts[0] == Account(code: "1000", name: "Bank", type: .asset))
        #expect(group.accounts[1].isBank && !group.accounts[1].isClosed)
        #expect(group.users == [User(name: "eve", displayName: "Eve", role: .controller)])
    }

    @Test func fiscalYearStartMonthIsRead() throws {
        let group = try GroupFile.parse(minimal.replacingOccurrences(of: "currency: EUR\n", with: "currency: EUR\nfiscal_year_start_month: 4\n"),
                                        file: "g.yaml")
        #expect(group.fiscalYearStartMonth == 4)
    }

    @Test func missingRequiredKeyNamesItsPath() {
        let error = refusal(minimal.replacingOccurrences(of: ", role: controller", with: ""))
        #expect(error?.code == .invalidGroup)
        #expect(error?.location == SourceLocation(file: "g.yaml", line: 13, field: "users[0].role"))
    }

    @Test func aListOfTextWhereMappingsBelongIsRefused() {
        let error = refusal("name: X\ncurrency: USD\nentities: [US01]\naccounts: []\nusers: []\n")
        #expect(error?.location == SourceLocation(file: "g.yaml", line: 3, field: "entities[0]"))
    }

    @Test func nullForARequiredTextIsMissing() {
        let error = refusal(minimal.replacingOccurrences(of: "name: Mini\n", with: "name: ~\n"))
        #expect(error?.location == SourceLocation(file: "g.yaml", line: 1, field: "name"))
    }

    @Test func anEmptyListOfEntitiesIsRefusedByValidation() {
        let error = refusal("name: X\ncurrency: USD\nentities: []\naccounts: [{code: A, name: A, type: asset}]\nusers: []\n")
        #expect(error?.location == SourceLocation(file: "g.yaml", line: 3, field: "entities"))
    }

    @Test func parseContentsOfNamesThePath() throws {
        let path = FixtureFiles.path("groups/acme.yaml")
        #expect(try GroupFile.parse(contentsOf: path) == DemoGroup.definition())

        let missing = FixtureFiles.path("groups/no-such-group.yaml")
        let error = #expect(throws: LedgerError.self) { try GroupFile.parse(contentsOf: missing) }
        #expect(error?.code == .invalidGroup)
        #expect(error?.location?.file == missing)

        let folder = FixtureFiles.path("groups")
        let notAFile = #expect(throws: LedgerError.self) { try GroupFile.parse(contentsOf: folder) }
        #expect(notAFile?.location?.file == folder)
        #expect(notAFile?.message.contains("directory") == true)
    }

    @Test func aByteOrderMarkIsAllowed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bom-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data([0xEF, 0xBB, 0xBF] + Array(minimal.utf8))))
        #expect(try GroupFile.parse(contentsOf: path).name == "Mini")
    }
}
