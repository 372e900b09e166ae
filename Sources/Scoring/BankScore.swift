import Governance
import LedgerCore
import Simulation

/// The bank reconciliation agent's matching scored against a scenario's bank truth
/// (truth/bank.csv): how many of the statement lines that have a ledger counterpart it
/// matched on its own, the precision and recall of its matches, and of its proposed entries
/// against the entries the manifest expects of it (by entity, date, accounts and amounts).
public struct BankScore: Sendable, Encodable, Equatable {
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

    enum CodingKeys: String, CodingKey {
        case scenario, accounts
        case statementLines = "statement_lines", matchableLines = "matchable_lines", autoMatchedLines = "auto_matched_lines"
        case correctMatches = "correct_matches", correctLines = "correct_lines", matchesMade = "matches_made"
        case entriesExpected = "entries_expected", entriesProposed = "entries_proposed", entriesCorrect = "entries_correct"
    }

    private enum RateKeys: String, CodingKey {
        case autoMatchRate = "auto_match_rate", matchPrecision = "match_precision", matchRecall = "match_recall"
        case entryPrecision = "entry_precision", entryRecall = "entry_recall"
    }

    /// The counts, and each rate as the percentage text the table prints.
    public func encode(to encoder: any Encoder) throws {
        var counts = encoder.container(keyedBy: CodingKeys.self)
        try counts.encode(scenario, forKey: .scenario)
        for (key, value) in [(CodingKeys.accounts, accounts), (.statementLines, statementLines), (.matchableLines, matchableLines),
                             (.autoMatchedLines, autoMatchedLines), (.correctMatches, correctMatches), (.correctLines, correctLines),
                             (.matchesMade, matchesMade), (.entriesExpected, entriesExpected), (.entriesProposed, entriesProposed),
                             (.entriesCorrect, entriesCorrect)] {
            try counts.encode(value, forKey: key)
        }
        var rates = encoder.container(keyedBy: RateKeys.self)
        for (key, value) in [(RateKeys.autoMatchRate, autoMatchRateBasisPoints), (.matchPrecision, matchPrecisionBasisPoints),
                             (.matchRecall, matchRecallBasisPoints), (.entryPrecision, entryPrecisionBasisPoints),
                             (.entryRecall, entryRecallBasisPoints)] {
            try rates.encode(Self.percent(value), forKey: key)
        }
    }

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

    /// Compares the bank reconciliation proposals of a close of `books` with their truth.
    static func of(_ books: GeneratedBooks, proposals: [Proposal], index: FaultIndex) throws -> BankScore {
        var score = BankScore(scenario: books.scenario.name, accounts: 0, statementLines: 0, matchableLines: 0, autoMatchedLines: 0,
                              correctMatches: 0, correctLines: 0, matchesMade: 0, entriesExpected: 0, entriesProposed: 0, entriesCorrect: 0)
        var truthByLine: [String: BankTruth] = [:]
        for item in books.bankTruth { if let reference = item.bankReference { truthByLine[reference] = item } }
        // What the manifest expects this agent to post (the unrecorded bank charges); each
        // proposed entry may stand for one of them.
        var expected = index.faults.filter { $0.expectedAgent == "bank-reconciliation" }.flatMap(\.expected)
        score.entriesExpected = expected.count
        let byTask = Dictionary(proposals.map { ($0.task, $0) }, uniquingKeysWith: { first, _ in first })
        for statement in books.statements {
            score.accounts += 1
            score.statementLines += statement.lines.count
            let matchable = Set(statement.lines.map(\.bankReference).filter { truthByLine[$0]?.status == .matched })
            score.matchableLines += matchable.count
            guard let proposal = byTask["bank-reconciliation/\(statement.entity)/\(statement.account)"] else { continue }
            for evidence in proposal.evidence where evidence.kind == "match" {
                guard let match = ParsedMatch(evidence.id) else { continue }
                score.matchesMade += 1
                score.autoMatchedLines += match.bankReferences.filter(matchable.contains).count
                let truth = Set(match.bankReferences.flatMap { truthByLine[$0]?.entryIDs ?? [] })
                if match.bankReferences.allSatisfy({ truthByLine[$0]?.status == .matched }), truth == Set(match.entryKeys) {
                    score.correctMatches += 1
                    score.correctLines += match.bankReferences.count
                }
            }
            for entry in proposal.entries {
                score.entriesProposed += 1
                let shape = try EntryShape(entry)
                if let position = expected.firstIndex(where: { $0.matches(shape) }) {
                    score.entriesCorrect += 1
                    expected.remove(at: position)
                }
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
