import Foundation
import Agents
import Governance
import LedgerCore
import LedgerStore
import Simulation

/// The bank reconciliation agent scored against a scenario's ground truth: how many of the
/// statement lines that have a ledger counterpart it matched on its own, and the precision
/// and recall of its matches and of its proposed entries.
public struct BankScore: Sendable, Codable, Equatable {
    public var scenario: String
    public var accounts: Int
    public var statementLines: Int
    /// Statement lines whose ledger entries are in the period: what can be matched.
    public var matchableLines: Int
    /// Matchable lines the agent matched, rightly or not.
    public var autoMatchedLines: Int
    /// Matches that pair exactly the lines and entries the truth pairs, and their lines.
    public var correctMatches: Int
    public var correctLines: Int
    public var matchesMade: Int
    public var entriesExpected: Int
    public var entriesProposed: Int
    public var entriesCorrect: Int

    /// In basis points (1/100 of a percent), as integers: printed as percentages with two decimals.
    public var autoMatchRateBasisPoints: Int { Self.ratio(autoMatchedLines, matchableLines) }
    public var matchPrecisionBasisPoints: Int { Self.ratio(correctMatches, matchesMade) }
    public var matchRecallBasisPoints: Int { Self.ratio(correctLines, matchableLines) }
    public var entryPrecisionBasisPoints: Int { Self.ratio(entriesCorrect, entriesProposed) }
    public var entryRecallBasisPoints: Int { Self.ratio(entriesCorrect, entriesExpected) }

    static func ratio(_ part: Int, _ whole: Int) -> Int {
        whole == 0 ? 10_000 : Int(Rounding.divideHalfEven(Int128(part) * 10_000, by: Int128(whole)))
    }

    public static func percent(_ basisPoints: Int) -> String {
        "\(basisPoints / 100).\(basisPoints % 100 < 10 ? "0" : "")\(basisPoints % 100)%"
    }

    /// The bank reconciliation agent's proposal for every statement of the books, loaded
    /// into a scratch ledger in memory.
    public static func proposals(_ books: GeneratedBooks) throws -> [Proposal] {
        let scenario = books.scenario
        let store = try LedgerStore.create(at: nil, group: scenario.group, clock: .fixed("\(scenario.period.next.firstDay)T00:00:00Z"))
        try ScenarioLoader.load(books, into: store)
        let agent = BankReconciliationAgent()
        let policy = PolicyFile.defaultPolicy(currency: scenario.group.currency)
        return try books.statements.map { statement in
            let task = AgentTask(id: "bank-reconciliation/\(statement.entity)/\(statement.account)", kind: "bank-reconciliation",
                                 entity: statement.entity, account: statement.account)
            let context = AgentContext(period: scenario.period, policy: policy, taskStates: [:], seed: scenario.seed, hour: 0)
            return try agent.prepare(task, snapshot: StoreSnapshot(store: store), context: context)
        }
    }

    /// Reconciles every bank account of the books and compares with their truth.
    public static func of(_ books: GeneratedBooks) throws -> BankScore {
        let scenario = books.scenario
        let proposals = try proposals(books)
        var score = BankScore(scenario: scenario.name, accounts: 0, statementLines: 0, matchableLines: 0, autoMatchedLines: 0,
                              correctMatches: 0, correctLines: 0, matchesMade: 0, entriesExpected: 0, entriesProposed: 0, entriesCorrect: 0)
        // The truth by statement line, and the fees and interest the ledger lacks.
        var truthByLine: [String: BankTruth] = [:]
        for item in books.bankTruth { if let reference = item.bankReference { truthByLine[reference] = item } }
        let unrecorded = Set(books.statements.flatMap { statement in
            statement.lines.filter { line in
                (line.kind == .fee || line.kind == .interest) && truthByLine[line.bankReference].map { $0.entryIDs.isEmpty } == true
            }.map(\.bankReference)
        })
        score.entriesExpected = unrecorded.count
        for (statement, proposal) in zip(books.statements, proposals) {
            score.accounts += 1
            score.statementLines += statement.lines.count
            let matchable = Set(statement.lines.map(\.bankReference).filter { truthByLine[$0]?.status == .matched })
            score.matchableLines += matchable.count
            for evidence in proposal.evidence where evidence.kind == "match" {
                guard let match = ParsedMatch(evidence.id) else { continue }
                score.matchesMade += 1
                score.autoMatchedLines += match.bankReferences.filter(matchable.contains).count
                let expected = Set(match.bankReferences.flatMap { truthByLine[$0]?.entryIDs ?? [] })
                if match.bankReferences.allSatisfy({ truthByLine[$0]?.status == .matched }), expected == Set(match.entryKeys) {
                    score.correctMatches += 1
                    score.correctLines += match.bankReferences.count
                }
            }
            for entry in proposal.entries {
                score.entriesProposed += 1
                let reference = String(entry.key.split(separator: "-").last ?? "")
                if unrecorded.contains(reference) { score.entriesCorrect += 1 }
            }
        }
        return score
    }

    public func text() -> String {
        """
        bank reconciliation scored against the truth of scenario \(scenario)
          accounts: \(accounts), statement lines: \(statementLines), matchable: \(matchableLines)
          auto-match rate: \(Self.percent(autoMatchRateBasisPoints)) (\(autoMatchedLines) of \(matchableLines) matchable lines matched automatically)
          matches: precision \(Self.percent(matchPrecisionBasisPoints)), recall \(Self.percent(matchRecallBasisPoints)) (\(correctMatches) of \(matchesMade) matches exactly as the truth pairs them, covering \(correctLines) of \(matchableLines) matchable lines)
          proposed entries: precision \(Self.percent(entryPrecisionBasisPoints)), recall \(Self.percent(entryRecallBasisPoints)) (\(entriesCorrect) right of \(entriesProposed) proposed, \(entriesExpected) expected)

        """
    }
}

/// A match as the agent writes it in its evidence: `B1+B2 = E1+E2 [rule confidence]`.
struct ParsedMatch {
    var bankReferences: [String]
    var entryKeys: [String]

    init?(_ text: String) {
        let sides = text.split(separator: " = ", maxSplits: 1).map(String.init)
        guard sides.count == 2, let bracket = sides[1].firstIndex(of: "[") else { return nil }
        bankReferences = sides[0].split(separator: "+").map(String.init)
        entryKeys = sides[1][..<bracket].trimmingCharacters(in: .whitespaces).split(separator: "+").map(String.init)
    }
}
