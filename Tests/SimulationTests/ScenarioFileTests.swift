import Foundation
import Interchange
import LedgerCore
import Simulation
import Testing

/// One row of Fixtures/bad/scenarios/README.md: a malformed scenario and where its error must point.
struct BadScenario: Sendable, CustomTestStringConvertible {
    var file: String
    var line: Int?
    var field: String?
    var code: String
    /// Relative to the scenarios folder; nil when the error names the scenario file itself.
    var errorFile: String?
    var messageHas: String

    var testDescription: String { file }

    /// Rows look like: | `file` | what is wrong | line | field | code | error in | message has |
    static func table() throws -> [BadScenario] {
        try SimulationFixtures.text("bad/scenarios/README.md").split(separator: "\n").filter { $0.hasPrefix("| `") }.map { row in
            let cells = row.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "") }
            guard cells.count == 7 else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "bad README row: \(row)"])
            }
            func optional(_ cell: String) -> String? { cell == "-" ? nil : cell }
            return BadScenario(file: cells[0], line: optional(cells[2]).flatMap { Int($0) }, field: optional(cells[3]),
                               code: cells[4], errorFile: optional(cells[5]), messageHas: cells[6])
        }
    }

    static let all: [BadScenario] = (try? table()) ?? []
}

@Suite("Scenario file")
struct ScenarioFileTests {
    private static let scenariosFolder = "bad/scenarios"

    private let minimal = """
        name: mini
        description: The least a scenario needs.
        seed: 7
        group: acme
        period: 2026-05
        volumes:
          default: {sales: 2, rent: 1}
          DE01: {sales: 5}
        fx:
          start: {EUR: "1.0850", GBP: "1.2650", JPY: "0.0067"}

        """

    private func parse(_ text: String) throws(LedgerError) -> Scenario {
        try ScenarioFile.parse(text, file: "s.yaml", directory: nil)
    }

    private func refusal(_ text: String) -> LedgerError? {
        #expect(throws: LedgerError.self) { try parse(text) }
    }

    // MARK: Built-in scenarios

    @Test(arguments: BuiltInScenarios.names)
    func builtInEqualsItsFixtureFile(_ name: String) throws {
        let fromFile = try ScenarioFile.parse(contentsOf: SimulationFixtures.path("scenarios/\(name).yaml"))
        #expect(try BuiltInScenarios.scenario(named: name) == fromFile)
        #expect(fromFile.name == name)
        #expect(BuiltInScenarios.summary(named: name) == fromFile.description)
    }

    @Test(arguments: BuiltInScenarios.names)
    func fixtureFileIsByteIdenticalToTheEmbeddedText(_ name: String) throws {
        let text = try #require(BuiltInScenarios.text(named: name))
        #expect(try SimulationFixtures.bytes("scenarios/\(name).yaml") == Array(text.utf8))
    }

    @Test func theFixtureFolderHoldsExactlyTheBuiltIns() throws {
        #expect(try SimulationFixtures.names(in: "scenarios") == BuiltInScenarios.names.map { "\($0).yaml" }.sorted())
        #expect(BuiltInScenarios.names == ["demo", "clean", "intercompany-heavy", "fx-shock", "bank-chaos", "large"])
    }

    @Test func unknownBuiltInIsRefusedWithTheNames() {
        #expect(BuiltInScenarios.text(named: "nope") == nil)
        #expect(BuiltInScenarios.summary(named: "nope") == nil)
        let error = #expect(throws: LedgerError.self) { try BuiltInScenarios.scenario(named: "nope") }
        #expect(error?.code == .invalidScenario)
        #expect(error?.message.contains("bank-chaos") == true)
    }

    @Test func builtInsSayWhatTheBriefAsks() throws {
        let demo = try BuiltInScenarios.scenario(named: "demo")
        #expect(demo.group == DemoGroup.definition())
        #expect(demo.period == (try PeriodID(parsing: "2026-05")))
        #expect(demo.faults == Dictionary(uniqueKeysWithValues: FaultKind.allCases.map { ($0, 2) }))
        #expect(demo.volumes["US01"]?.intercompanyLoans == 1 && demo.volumes["DE01"]?.intercompanyLoans == 0)
        #expect(demo.fx.dailyVolatilityPPM == 3000)
        #expect(demo.fx.start == [.eur: try ExchangeRate(parsing: "1.085"), .gbp: try ExchangeRate(parsing: "1.265"),
                                  .jpy: try ExchangeRate(parsing: "0.0067")])
        #expect(demo.bank == BankBehaviour(paymentDelayDays: 0...2, receiptDelayDays: 0...1, batchedReceiptsPercent: 10, referenceNoisePercent: 10))

        let clean = try BuiltInScenarios.scenario(named: "clean")
        #expect(clean.faults.isEmpty)
        #expect(clean.volumes == demo.volumes && clean.fx == demo.fx && clean.bank == demo.bank)

        let shock = try BuiltInScenarios.scenario(named: "fx-shock")
        #expect(shock.scale == 3 && shock.volumes["US01"]?.sales == 6)
        #expect(shock.fx.shock == FXShock(date: try CalendarDate(parsing: "2026-05-14"), currency: .gbp, changePPM: -80_000))
        #expect(shock.fx.dailyVolatilityPPM == 6000)

        let chaos = try BuiltInScenarios.scenario(named: "bank-chaos")
        #expect(chaos.bank == BankBehaviour(paymentDelayDays: 0...4, receiptDelayDays: 0...3, batchedReceiptsPercent: 50, referenceNoisePercent: 40))
        #expect(chaos.faults[.duplicateBankLine] == 6 && chaos.faults[.missingAccrual] == 1)

        let intercompany = try BuiltInScenarios.scenario(named: "intercompany-heavy")
        #expect(intercompany.volumes.values.allSatisfy { $0.intercompanyCharges == 20 && $0.intercompanyLoans == 2 })
        #expect(intercompany.faults[.intercompanyCutOff] == 5 && intercompany.faults[.referenceTypo] == 1)

        let large = try BuiltInScenarios.scenario(named: "large")
        #expect(large.volumes.count == 4 && large.volumes.values.allSatisfy { $0.sales == 24_000 && $0.intercompanyCharges == 2_500 })
        #expect(large.faults.values.allSatisfy { $0 == 20 } && large.faults.count == FaultKind.allCases.count)
    }

    // MARK: Bad files

    @Test func everyBadFileHasExactlyOneRow() throws {
        let rows = try BadScenario.table().map(\.file)
        #expect(rows.count == Set(rows).count, "a file is listed twice")
        #expect(rows.sorted() == (try SimulationFixtures.names(in: Self.scenariosFolder).filter { $0 != "README.md" }))
        #expect(rows.count >= 12)
    }

    @Test(arguments: BadScenario.all)
    func refusedWhereTheReadmeSays(_ fixture: BadScenario) throws {
        let folder = SimulationFixtures.path(Self.scenariosFolder)
        let path = folder + "/" + fixture.file
        let thrown = #expect(throws: LedgerError.self) { try ScenarioFile.parse(contentsOf: path) }
        let error = try #require(thrown)
        #expect(error.code.rawValue == fixture.code, "\(error)")
        #expect(error.location?.line == fixture.line, "\(error)")
        #expect(error.location?.field == fixture.field, "\(error)")
        #expect(error.location?.file == fixture.errorFile.map { folder + "/" + $0 } ?? path, "\(error)")
        #expect(error.message.contains(fixture.messageHas), "\(error)")
    }

    // MARK: Defaults and values

    @Test func defaults() throws {
        let scenario = try parse(minimal)
        #expect(scenario.scale == 1)
        #expect(scenario.opening == .generated)
        #expect(scenario.bank == BankBehaviour())
        #expect(scenario.faults.isEmpty)
        #expect(scenario.fx.dailyVolatilityPPM == 0 && scenario.fx.shock == nil)
        #expect(scenario.seed == 7)
    }

    @Test func everyEntityGetsDefaultMergedWithItsOverride() throws {
        let volumes = try parse(minimal).volumes
        #expect(volumes.keys.sorted() == ["DE01", "GB01", "JP01", "US01"])
        #expect(volumes["US01"] == Volumes(sales: 2, rent: 1))
        #expect(volumes["DE01"] == Volumes(sales: 5, rent: 1))
    }

    @Test func largestSeedIsAccepted() throws {
        let text = minimal.replacingOccurrences(of: "seed: 7", with: "seed: 18446744073709551615")
        #expect(try parse(text).seed == UInt64.max)
    }

    @Test func fractionsAreReadExactlyAsPartsPerMillion() throws {
        let text = minimal + """
              daily_volatility: "0.000001"
              shock: {date: 2026-04-30, currency: JPY, change: "9.999999"}

            """
        let fx = try parse(text).fx
        #expect(fx.dailyVolatilityPPM == 1)
        #expect(fx.shock == FXShock(date: try CalendarDate(parsing: "2026-04-30"), currency: .jpy, changePPM: 9_999_999))
    }

    @Test func zeroFaultCountsAreTheSameAsNone() throws {
        let scenario = try parse(minimal + "faults: {reference-typo: 0, suspense-posting: 3}\n")
        #expect(scenario.faults == [.suspensePosting: 3])
    }

    @Test func givenOpeningBalancesAreMinorUnitsOfTheFunctionalCurrency() throws {
        let text = minimal + """
            opening:
              - {entity: JP01, account: "1000", amount: "1500000"}
              - {entity: JP01, account: "3000", amount: "-1500000"}
              - {entity: US01, account: "1150", amount: "250.75", partner: DE01}
              - {entity: US01, account: "3000", amount: "-250.75"}

            """
        #expect(try parse(text).opening == .given([
            OpeningBalance(entity: "JP01", account: "1000", amountMinor: 1_500_000),
            OpeningBalance(entity: "JP01", account: "3000", amountMinor: -1_500_000),
            OpeningBalance(entity: "US01", account: "1150", amountMinor: 25_075, partner: "DE01"),
            OpeningBalance(entity: "US01", account: "3000", amountMinor: -25_075),
        ]))
    }

    @Test func fxIsOptionalForAGroupWithOneCurrency() throws {
        let text = """
            name: one-currency
            description: An inline group in USD only.
            seed: 1
            group:
              name: Mini Group
              currency: USD
              entities:
                - {code: US01, name: Mini Inc., currency: USD, country: US}
              accounts:
                - {code: "1000", name: Bank, type: asset, bank: true}
              users: []
            period: 2026-05
            volumes:
              US01: {sales: 3}

            """
        let scenario = try parse(text)
        #expect(scenario.group.entities.map(\.code) == ["US01"])
        #expect(scenario.fx == FXPath(start: [:]))
        #expect(scenario.volumes == ["US01": Volumes(sales: 3)])
    }

    @Test func unknownKeyListsTheExpectedOnes() {
        let error = refusal(minimal + "bank: {payment_delay: [0, 1]}\n")
        #expect(error?.location?.field == "bank.payment_delay")
        #expect(error?.message.contains("payment_delay_days, receipt_delay_days, batched_receipts_percent, reference_noise_percent") == true)
    }

    @Test func theGroupCurrencyNeedsNoStartRate() {
        let text = minimal.replacingOccurrences(of: #"JPY: "0.0067"}"#, with: #"JPY: "0.0067", USD: "1"}"#)
        #expect(refusal(text)?.location?.field == "fx.start.USD")
    }

    @Test func scaleThatOverflowsAVolumeIsRefused() {
        let text = minimal.replacingOccurrences(of: "sales: 5", with: "sales: 9223372036854775807")
            .replacingOccurrences(of: "seed: 7", with: "seed: 7\nscale: 2")
        let error = refusal(text)
        #expect(error?.code == .invalidScenario)
        #expect(error?.location?.field == "scale")
    }

    /// Ten times `large` is the largest built-in size that may be generated; the bound is the
    /// same on every machine, and one more scale step past it is refused at `scale`.
    @Test func tenTimesLargeIsWithinTheMonthlyBound() throws {
        var large = try BuiltInScenarios.scenario(named: "large")
        large.scale = 10
        #expect(large.monthlyEvents == 1_393_040)
        #expect(throws: Never.self) { try large.checkSize() }
        large.scale = 11
        #expect(large.monthlyEvents > Int128(Scenario.maxMonthlyVolume))
        do {
            try large.checkSize()
            Issue.record("scale 11 of large was accepted")
        } catch {
            #expect(error.code == .invalidScenario && error.location?.field == "scale")
            #expect(error.message.contains("at most 1500000"), "\(error.message)")
        }
    }

    /// A scenario whose books would not fit in the machine's memory is refused before anything
    /// is generated, naming what it needs and what there is; one that fits is generated.
    @Test func booksThatWouldNotFitInMemoryAreRefusedBeforeGenerating() throws {
        var large = try BuiltInScenarios.scenario(named: "large")
        large.scale = 10
        let needed = large.generationBytes
        #expect(needed == 1_393_040 * Scenario.generationBytesPerEvent)
        #expect(throws: Never.self) { try large.checkMemory(physicalMemory: needed / 4 * 5 + 8) }
        do {
            _ = try Generator.generate(large, physicalMemory: 8 * 1_000_000_000)
            Issue.record("scale 10 of large was generated with 8 GB of memory")
        } catch {
            #expect(error.code == .invalidScenario && error.location?.field == "scale")
            #expect(error.message.contains("needs about 9.1 GB") && error.message.contains("this machine has 8.0 GB"), "\(error.message)")
        }
        let demo = try BuiltInScenarios.scenario(named: "demo")
        #expect(try Generator.generate(demo, physicalMemory: 1_000_000_000).entryCount > 0)
        // Volumes past any bound: the estimate saturates instead of wrapping round to a small one.
        var huge = demo
        huge.volumes = huge.volumes.mapValues { var volumes = $0; volumes.sales = Int.max; return volumes }
        #expect(huge.generationBytes == .max)
        #expect(throws: LedgerError.self) { try huge.checkMemory(physicalMemory: .max) }
    }

    // MARK: Where a group file is found

    /// The path is resolved from the scenario file's folder, not the process's working directory.
    @Test func relativeGroupPathStartsAtTheScenarioFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/groups", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/scenarios/nested", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: SimulationFixtures.path("groups/acme.yaml"), toPath: root + "/groups/acme.yaml")
        let scenarioPath = root + "/scenarios/nested/month.yaml"
        let text = minimal.replacingOccurrences(of: "group: acme", with: "group: ../../groups/acme.yaml")
        try Data(text.utf8).write(to: URL(fileURLWithPath: scenarioPath))

        let scenario = try ScenarioFile.parse(contentsOf: scenarioPath)
        #expect(scenario.group == DemoGroup.definition())
        #expect(FileManager.default.currentDirectoryPath != root + "/scenarios/nested")
    }

    @Test func textWithADirectoryResolvesFromIt() throws {
        let text = minimal.replacingOccurrences(of: "group: acme", with: "group: ../groups/acme.yaml")
        let scenario = try ScenarioFile.parse(text, file: "inline.yaml", directory: SimulationFixtures.path("scenarios"))
        #expect(scenario.group == DemoGroup.definition())
    }
}
