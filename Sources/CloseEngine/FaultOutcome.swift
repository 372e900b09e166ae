import Foundation
import Governance
import LedgerCore
import LedgerStore
import Simulation

/// What a close did about one injected fault of the scenario its books came from:
/// - `resolved`: every line the manifest expects was posted by the run;
/// - `accepted`: a proposal a human approved names the fault's rows (a finding, evidence or
///   an entry), so someone saw it and decided; nothing the manifest expects was posted;
/// - `raised`: a proposal names it, but nobody has decided that proposal yet;
/// - `missed`: no proposal of the run names it.
public struct FaultOutcome: Sendable, Codable, Equatable {
    public enum Outcome: String, Sendable, Codable, CaseIterable { case resolved, accepted, raised, missed }

    public var id: String
    public var kind: String
    public var entity: String
    public var outcome: Outcome
    /// The tasks whose proposals name the fault.
    public var tasks: [String]
    public var expected: String

    static func evaluate(_ faults: [TruthFault], run: CloseRunRecord, store: LedgerStore, tasks: [CloseSummary.Task],
                         proposals: [String: (Proposal, String)]) throws -> [FaultOutcome] {
        let posted = try store.postedLines(keyPrefix: "close-\(run.period)/")
        let documents = try store.documents(keys: faults.flatMap { $0.rows.compactMap(\.journal_entry) })
        let states = Dictionary(tasks.map { ($0.task, $0.state) }, uniquingKeysWith: { first, _ in first })
        let tokens = proposals.mapValues { Self.tokens(of: $0.1) }
        return try faults.map { fault in
            let names = fault.rows.flatMap(\.identifiers) + fault.rows.compactMap { $0.journal_entry.flatMap { documents[$0] } }
            let naming = tokens.keys.sorted().filter { task in names.contains { tokens[task]!.contains(Substring($0)) } }
            let outcome: Outcome
            if try !fault.expected_entries.isEmpty && Self.contains(posted, fault.expected_entries) {
                outcome = .resolved
            } else if naming.contains(where: { states[$0] == "done" }) {
                outcome = .accepted
            } else {
                outcome = naming.isEmpty ? .missed : .raised
            }
            return FaultOutcome(id: fault.id, kind: fault.kind, entity: fault.entity, outcome: outcome, tasks: naming,
                                expected: fault.expected)
        }
    }

    /// The identifier-like words of a proposal's JSON (runs of letters, digits, '-', '_' and
    /// '.'), and each one's tails after a '-' ("unrecorded-fee-B17" also gives "fee-B17" and
    /// "B17"): looking a fault's row ids up here is a hash probe, not a scan of the text.
    static func tokens(of payload: String) -> Set<Substring> {
        var tokens = Set<Substring>()
        for word in payload.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) {
            tokens.insert(word)
            var rest = word[...]
            while let dash = rest.firstIndex(of: "-") {
                rest = rest[rest.index(after: dash)...]
                if !rest.isEmpty { tokens.insert(rest) }
            }
        }
        return tokens
    }

    /// True when every expected line is among the posted ones (each posted line counts once).
    static func contains(_ posted: [LedgerLine], _ expected: [TruthLine]) throws -> Bool {
        var available = posted.map { "\($0.entity)|\($0.account)|\($0.currency)|\($0.amountMinor)|\($0.partner ?? "")" }
        for line in expected {
            let currency = try Currency(line.currency)
            let amount = try Decimal10.parse(line.amount, scale: currency.exponent, allowNegative: true)
            guard let index = available.firstIndex(of: "\(line.entity)|\(line.account)|\(currency)|\(amount)|\(line.partner ?? "")") else {
                return false
            }
            available[index] = ""
        }
        return true
    }
}
