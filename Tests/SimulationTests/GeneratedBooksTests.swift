import Foundation
import Testing
import LedgerCore
import LedgerStore
@testable import Simulation

/// The generator's promises: same seed, same bytes; books that balance and load;
/// statements that tie out; a scale knob that scales.
@Suite("Generated books")
struct GeneratedBooksTests {
    static func files(_ scenario: Scenario) throws -> [String: [UInt8]] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("close-gen-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let written = try ScenarioFiles.write(try Generator.generate(scenario), to: directory)
        var bytes: [String: [UInt8]] = [:]
        for file in written {
            bytes[file.path] = [UInt8](try #require(FileManager.default.contents(atPath: directory + "/" + file.path)))
        }
        return bytes
    }

    @Test(arguments: BuiltInScenarios.names.filter { $0 != "large" })
    func generatingTwiceWritesIdenticalFiles(name: String) throws {
        let scenario = try BuiltInScenarios.scenario(named: name)
        let first = try Self.files(scenario), second = try Self.files(scenario)
        #expect(first.keys.sorted() == second.keys.sorted())
        for (path, bytes) in first { #expect(bytes == second[path], "\(name): \(path) differs") }
        #expect(first["manifest.json"] != nil)
    }

    /// The large scenario in memory (writing 300 MB twice would only time the disk).
    @Test func generatingTheLargeScenarioTwiceGivesIdenticalBytes() throws {
        let scenario = try BuiltInScenarios.scenario(named: "large")
        func digests() throws -> [String: String] {
            let files = try ScenarioFiles.contents(of: try Generator.generate(scenario))
            return Dictionary(uniqueKeysWithValues: files.map { ($0.path, ScenarioFiles.sha256($0.bytes)) })
        }
        let first = try digests()
        #expect(first == (try digests()))
        #expect(first.count == 24)
    }

    @Test func anotherSeedGivesOtherBooks() throws {
        var scenario = try BuiltInScenarios.scenario(named: "demo")
        let first = try Self.files(scenario)
        scenario.seed += 1
        let second = try Self.files(scenario)
        #expect(first["journal/2026-05.csv"] != second["journal/2026-05.csv"])
    }

    @Test(arguments: BuiltInScenarios.names.filter { $0 != "large" })
    func everyStatementTiesOut(name: String) throws {
        let books = try Generator.generate(try BuiltInScenarios.scenario(named: name))
        #expect(!books.statements.isEmpty)
        for statement in books.statements {
            #expect(try statement.tieOutDifference() == 0, "\(statement.id)")
            #expect(statement.lines.allSatisfy { $0.bookingDate.period == books.scenario.period })
        }
    }

    @Test(arguments: ["demo", "intercompany-heavy", "fx-shock", "bank-chaos"])
    func loadedBooksBalanceInEveryEntityAndCurrency(name: String) throws {
        let books = try Generator.generate(try BuiltInScenarios.scenario(named: name))
        let store = try LedgerStore.create(at: nil, group: books.scenario.group, clock: .fixed("2026-06-01T00:00:00Z"))
        let summary = try ScenarioLoader.load(books, into: store)
        #expect(summary.entries == books.entryCount && summary.lines == books.lineCount)
        for entity in books.scenario.group.operatingEntities {
            let net = try store.netByCurrency(entity: entity.code)
            #expect(net.values.allSatisfy { $0 == 0 }, "\(entity.code): \(net)")
            let balance = try store.trialBalance(entity: entity.code, period: books.scenario.period)
            #expect(!balance.rows.isEmpty)
        }
        #expect(try store.verifyAudit().isIntact)
    }

    @Test func theScaleKnobMultipliesTheBusiness() throws {
        var scenario = try BuiltInScenarios.scenario(named: "clean")
        let small = try Generator.generate(scenario)
        scenario.scale = 10
        let large = try Generator.generate(scenario)
        let period = scenario.period
        let ratio = Double(large.journal(period)!.lineCount) / Double(small.journal(period)!.lineCount)
        #expect(ratio > 6 && ratio < 14, "period lines grew \(ratio)x")
        #expect(large.bankLineCount > 5 * small.bankLineCount)
    }

    @Test func theDemoIsSmallEnoughToRead() throws {
        let books = try Generator.generate(try BuiltInScenarios.scenario(named: "demo"))
        let lines = books.journal(books.scenario.period)!.lineCount
        #expect(lines >= 150 && lines <= 350, "the demo period has \(lines) journal lines")
    }

    @Test func aGroupWithoutBankAccountsInAnEntitysCurrencyIsRefused() throws {
        var scenario = try BuiltInScenarios.scenario(named: "clean")
        scenario.group.bankAccounts.removeAll { $0.entity == "DE01" && $0.currency == .eur }
        #expect(throws: LedgerError.self) { try Generator.generate(scenario) }
    }
}
