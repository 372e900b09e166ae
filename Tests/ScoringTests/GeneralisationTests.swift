import Foundation
import Testing
import CloseEngine
import Governance
import LedgerCore
import LedgerStore
import Simulation
@testable import Scoring

/// Issue 15: the agents hold up on books they were not tuned on. The sweep here runs seeds
/// from a range that was never looked at while the agents were developed (1000 and up; the
/// development sweeps used 1 to 50), so passing it is evidence, not a fit. The wide sweep
/// (50 seeds per scenario, scales 1 to 100) is in docs/performance.md.
@Suite struct GeneralisationTests {
    static let unseen: ClosedRange<UInt64> = 1000...1007

    @Test("Every built-in scenario meets the sweep's targets at seeds never used in development",
          arguments: ["demo", "clean", "intercompany-heavy", "fx-shock", "bank-chaos"])
    func theSweepMeetsItsTargets(name: String) throws {
        let sweep = try ScenarioSweep.run(try BuiltInScenarios.scenario(named: name), seeds: Self.unseen)
        #expect(sweep.seeds.count == 8)
        #expect(sweep.unmetTargets.isEmpty, "\(name): \(sweep.unmetTargets) missed \(sweep.missed) false \(sweep.falseAlarms.filter { !$0.agent.contains("flux") && $0.agent != "consolidation" })")
        if name == "clean" {
            #expect(sweep.kinds.isEmpty && sweep.falseCorrections.isEmpty)
        } else {
            #expect(sweep.kinds.count == 12 && sweep.kinds.allSatisfy { $0.faults > 0 })
        }
    }

    /// The sweep's sums are the seeds' scores added up, and a miss keeps its seed.
    @Test func theSweepAddsScoresUpAndKeepsEachMissWithItsSeed() throws {
        func score(seed: String, found: Bool, falseItems: [String]) -> CloseScore {
            CloseScore(scenario: "t", seed: seed, scale: 1, period: "2026-05", close: found ? "closed" : "waiting",
                       kinds: [.init(kind: "suspense-posting", expectedAgent: "error-resolution", faults: 1, named: found ? 1 : 0, fixed: 0,
                                     found: found ? 1 : 0, recall: Ratio(found ? 1 : 0, of: 1))],
                       agents: [.init(agent: "error-resolution", flaggedItems: 1 + falseItems.count, trueItems: 1, precision: Ratio(1, of: 1 + falseItems.count),
                                      falseItems: falseItems, faultKinds: ["suspense-posting"], faults: 1, found: found ? 1 : 0,
                                      recall: Ratio(found ? 1 : 0, of: 1))],
                       faults: [.init(id: "F001", kind: "suspense-posting", entity: "US01", expectedAgent: "error-resolution", namedBy: found ? ["error-resolution"] : ["flux-review"],
                                      fixedBy: [], found: found, outcome: found ? .resolved : .missed, byHuman: nil)],
                       bank: BankScore(scenario: "t", accounts: 0, statementLines: 0, matchableLines: 0, autoMatchedLines: 0, correctMatches: 0,
                                        correctLines: 0, matchesMade: 0, entriesExpected: 0, entriesProposed: 0, entriesCorrect: 0))
        }
        var sweep = ScenarioSweep(scenario: "t", scale: 1)
        sweep.add(score(seed: "7", found: true, falseItems: []))
        #expect(sweep.unmetTargets.isEmpty)
        sweep.add(score(seed: "8", found: false, falseItems: ["entry x"]))
        #expect(sweep.kinds.first?.faults == 2 && sweep.kinds.first?.found == 1 && sweep.kinds.first?.recall.text == "50.00%")
        #expect(sweep.agents.first?.flaggedItems == 3 && sweep.agents.first?.precision.text == "66.67%")
        #expect(sweep.kinds.first?.precision.text == "66.67%", "a kind's precision is its expected agent's")
        #expect(sweep.missed == [.init(seed: "8", id: "F001", kind: "suspense-posting", entity: "US01", expectedAgent: "error-resolution", touchedBy: ["flux-review"])])
        #expect(sweep.falseAlarms.map(\.seed) == ["8"] && sweep.notClosed == ["8": "waiting"])
        #expect(sweep.unmetTargets.count == 4, "\(sweep.unmetTargets)")
    }

    /// Before the fix, interest credits went back a day each from the month's last business
    /// day, so above scale 30 they fell into the month before ("no spot rate USD->EUR").
    @Test(arguments: [31, 100])
    func aLargeScaleGeneratesAMonthWithinItsRates(scale: Int) throws {
        var scenario = try BuiltInScenarios.scenario(named: "demo")
        scenario.scale = scale
        let books = try Generator.generate(scenario)
        let interest = books.journals.flatMap(\.entries).filter { $0.idempotencyKey.contains("-BI-") || $0.lines.contains { $0.account == "4200" && $0.description == "Interest income" } }
        #expect(!interest.isEmpty)
        for entry in interest { #expect(entry.date.period == scenario.period || entry.date.period == scenario.period.previous || entry.date.period == scenario.period.next) }
        let closed = try ScenarioClose.run(books, at: nil, clock: .fixed("2026-06-01T09:00:00Z"), owner: "scale")
        defer { try? closed.store.close() }
        #expect(closed.outcome == .closed)
    }

    /// Suppliers number their own invoices, once per year: no supplier's number comes back
    /// next month (before, the number was the month's purchase count).
    @Test func supplierInvoiceNumbersAreUniquePerSupplierAndYear() throws {
        let books = try Generator.generate(try BuiltInScenarios.scenario(named: "demo"))
        // The injected duplicate entries copy an invoice on purpose.
        let copies = Set(books.faults.filter { $0.kind == .duplicateLedgerEntry }.flatMap(\.rows).compactMap { row -> String? in
            if case .journalEntry(let key) = row { return key } else { return nil }
        })
        var seen: [String: String] = [:]
        for entry in books.journals.flatMap(\.entries) where !copies.contains(entry.idempotencyKey) {
            for line in entry.lines where line.account == "2000" && line.amountMinor < 0 && line.description.hasPrefix("Invoice ") {
                // "Invoice NUMBER SUPPLIER": two suppliers may well use the same numbers.
                let earlier = seen.updateValue(entry.idempotencyKey, forKey: line.description)
                #expect(earlier == nil || earlier == entry.idempotencyKey, "\(line.description) in \(earlier ?? "") and \(entry.idempotencyKey)")
            }
        }
        #expect(seen.count > 15, "the demo books purchases in every entity, every month")
    }

    /// A receipt the bank credited in May that the ledger books in June, alone or in a batch
    /// with one booked in May, is a timing difference: an info finding, not a bank-only
    /// warning, and the account still certifies. Before, these were the bank reconciliation's
    /// only false alarms over 50 seeds (fx-shock: precision 60.84%). Read from the seeds of
    /// fx-shock (its late recordings are common) until both kinds have been seen.
    @Test func aReceiptBookedAfterThePeriodIsATimingDifference() throws {
        var alone = 0, batched = 0
        for seed in UInt64(2000)...2030 where alone == 0 || batched == 0 {
            var scenario = try BuiltInScenarios.scenario(named: "fx-shock")
            scenario.seed = seed
            let closed = try ScoredScenario.run(try Generator.generate(scenario))
            defer { try? closed.store.close() }
            for record in try closed.store.proposals(of: closed.run)
            where record.task.hasPrefix("bank-reconciliation/") && record.preparedBy.hasPrefix("agent:") {
                let proposal = try JSONDecoder().decode(Proposal.self, from: Data(record.payload.utf8))
                let late = proposal.findings.filter { $0.id.contains("/booked-after/") }
                guard !late.isEmpty else { continue }
                #expect(late.allSatisfy { $0.severity == .info })
                #expect(proposal.findings.contains { $0.id.hasSuffix("/certification") && $0.message.hasPrefix("certified") },
                        "seed \(seed) \(record.task)")
                for finding in late {
                    if finding.message.contains("in the same batch") { batched += 1 } else { alone += 1 }
                }
            }
        }
        #expect(alone > 0 && batched > 0, "alone \(alone), batched \(batched)")
    }

    /// Books a controller would recognise: no bank account overdrawn at the period's end
    /// (US01's savings stood at -2,135,013.04 after lending to its subsidiaries), stock on
    /// hand at the end of both months (the group's inventory stood at -1,110,682.39 USD in
    /// May, as sales issued goods that no purchase replaced), and every operating entity
    /// earning a margin over the year to date (the group lost 289,639.21).
    @Test("Every built-in scenario's books are solvent and profitable",
          arguments: ["demo", "clean", "intercompany-heavy", "fx-shock", "bank-chaos"])
    func theBooksAreSolventAndProfitable(name: String) throws {
        for seed in UInt64(1000)...1003 {
            var scenario = try BuiltInScenarios.scenario(named: name)
            scenario.seed = seed
            let (store, _) = try ScenarioClose.load(try Generator.generate(scenario), at: nil, clock: .fixed("2026-06-01T09:00:00Z"))
            defer { try? store.close() }
            for entity in store.group.operatingEntities {
                let rows = try store.trialBalance(entity: entity.code, period: scenario.period).rows
                for row in rows where store.group.account(row.account)?.isBank == true {
                    #expect(row.balanceMinor >= 0, "\(name) seed \(seed): \(entity.code)/\(row.account) is overdrawn: \(row.balanceMinor)")
                }
                for period in [scenario.period.previous, scenario.period] {
                    let stock = try store.trialBalance(entity: entity.code, period: period).rows.first { $0.account == "1200" }
                    #expect((stock?.balanceMinor ?? 0) > 0, "\(name) seed \(seed): \(entity.code) has no stock at the end of \(period): \(stock?.balanceMinor ?? 0)")
                }
                let income = rows.filter { $0.type == .revenue || $0.type == .expense }.reduce(Int64(0)) { $0 + $1.balanceMinor }
                #expect(income < 0, "\(name) seed \(seed): \(entity.code) makes a loss of \(income) (credit is profit)")
            }
        }
    }
}
