import Foundation
import Testing
import Governance
import Simulation
@testable import Scoring

/// Entries compared by what they post: entity, date, net amount per account, currency and partner.
@Suite struct EntryShapeTests {
    static func truth(_ json: String) throws -> [TruthLine] {
        try JSONDecoder().decode([TruthLine].self, from: Data(json.utf8))
    }

    @Test func linesOnOneAccountNetAndTheOrderDoesNotCount() throws {
        let expected = try EntryShape.expected(try Self.truth("""
            [{"entity":"DE01","date":"2026-05-19","account":"6400","currency":"EUR","amount":"15.78"},
             {"entity":"DE01","date":"2026-05-19","account":"1000","currency":"EUR","amount":"-15.78"}]
            """))
        let split = ProposedEntry(entity: "DE01", date: "2026-05-19", description: "", key: "anything",
                                  lines: [ProposedLine(account: "1000", currency: "EUR", amount: -1578),
                                          ProposedLine(account: "6400", currency: "EUR", amount: 1000),
                                          ProposedLine(account: "6400", currency: "EUR", amount: 578)],
                                  rule: "unrecorded-fee", confidence: 950, explanation: "")
        let shape = try EntryShape(split)
        #expect(expected.count == 1 && expected[0].matches(shape))
        var otherEntity = split
        otherEntity.entity = "GB01"
        let elsewhere = try EntryShape(otherEntity)
        #expect(!expected[0].matches(elsewhere))
    }

    /// A wrong-entity expense expects two entries, one per entity; a truth recorded before
    /// expected entries had dates matches an entry of any day.
    @Test func linesGroupByEntityAndDateAndAMissingDateMatchesAnyDay() throws {
        let expected = try EntryShape.expected(try Self.truth("""
            [{"entity":"US01","account":"2000","currency":"USD","amount":"226.74"},
             {"entity":"US01","account":"6200","currency":"USD","amount":"-226.74"},
             {"entity":"DE01","account":"2000","currency":"USD","amount":"-226.74"},
             {"entity":"DE01","account":"6200","currency":"USD","amount":"226.74"}]
            """))
        #expect(expected.map(\.entity) == ["US01", "DE01"] && expected.allSatisfy { $0.date == nil })
        let entry = ProposedEntry(entity: "US01", date: "2026-05-31", description: "", key: "k",
                                  lines: [ProposedLine(account: "6200", currency: "USD", amount: -22674),
                                          ProposedLine(account: "2000", currency: "USD", amount: 22674)],
                                  rule: "wrong-entity-counterparty", confidence: 800, explanation: "")
        let shape = try EntryShape(entry)
        #expect(expected[0].matches(shape))
        #expect(!EntryShape.all(expected, amongst: [shape]), "the re-posting in DE01 is missing")
    }
}
