import Foundation
import Governance
import LedgerCore
import Simulation

/// A scenario's injected faults made ready for scoring: the names each is known by, the
/// entries a correct close posts, and lookups from a finding, an entry or a bank match to
/// the faults it is about.
struct FaultIndex {
    struct Fault {
        let truth: TruthFault
        let kind: FaultKind?
        /// Journal entry ids (idempotency keys), their document numbers in the ledger, bank
        /// references and goods receipt ids: what a finding's id names when it is about the fault.
        let names: Set<String>
        let entryKeys: Set<String>
        let bankReferences: Set<String>
        let expected: [EntryShape]

        var expectedAgent: String { kind?.expectedAgent ?? "unknown" }
    }

    let faults: [Fault]
    private let byName: [String: [Int]]
    private let byShape: [EntryShape.Signature: [Int]]

    /// `documents`: document numbers by idempotency key, for the faults' journal entries.
    init(_ truth: [TruthFault], documents: [String: String]) throws {
        var faults: [Fault] = []
        var byName: [String: [Int]] = [:], byShape: [EntryShape.Signature: [Int]] = [:]
        for (index, fault) in truth.enumerated() {
            let keys = fault.rows.compactMap(\.journal_entry)
            let names = Set(fault.rows.flatMap(\.identifiers) + keys.compactMap { documents[$0] })
            let expected = try EntryShape.expected(fault.expected_entries)
            faults.append(Fault(truth: fault, kind: FaultKind(rawValue: fault.kind), names: names, entryKeys: Set(keys),
                                bankReferences: Set(fault.rows.compactMap(\.bank_reference)), expected: expected))
            for name in names { byName[name, default: []].append(index) }
            for shape in expected where byShape[shape.signature]?.last != index { byShape[shape.signature, default: []].append(index) }
        }
        self.faults = faults
        self.byName = byName
        self.byShape = byShape
    }

    /// The faults a finding is about. Agents build a finding's id as `task/claim/subject`,
    /// the subject naming the row it is about (a statement line's bank reference, an entry's
    /// key or document number, a goods receipt): the id, not the message or the evidence,
    /// says what the finding claims. A variance or residual names an account or an entity
    /// pair, never a fault's row. A trailing '+' (ids made unique) is ignored.
    func named(byFinding id: String) -> [Int] {
        var found: [Int] = []
        for part in id.split(separator: "/") {
            let name = String(part.reversed().drop { $0 == "+" }.reversed())
            for index in byName[name] ?? [] where !found.contains(index) { found.append(index) }
        }
        return found
    }

    /// The faults that expect an entry equal to `shape` (entity, date, accounts and amounts).
    func expecting(_ shape: EntryShape) -> [Int] {
        (byShape[shape.signature] ?? []).filter { faults[$0].expected.contains { $0.matches(shape) } }
    }

    /// The faults settled by a bank match (`FaultKind.isSettledByMatch`) that this match
    /// evidence settles: exactly the fault's statement lines matched to exactly its entries.
    func settled(byMatch evidence: Evidence) -> [Int] {
        // Most matches settle no fault: look the first statement line up before parsing the rest.
        guard evidence.kind == "match", let candidates = byName[String(evidence.id.prefix { $0 != " " && $0 != "+" })],
              let match = ParsedMatch(evidence.id) else { return [] }
        return candidates.filter { index in
            let fault = faults[index]
            return fault.kind?.isSettledByMatch == true && fault.bankReferences == Set(match.bankReferences)
                && fault.entryKeys == Set(match.entryKeys)
        }
    }
}

/// A bank match as the reconciliation agent writes it in its evidence: `B1+B2 = E1+E2 [rule confidence]`.
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
