import Foundation
import Governance
import Interchange
import LedgerCore

/// A proposal as people and programs read it outside the ledger (`close show --format json`,
/// and the file `close override --file` takes back): keys in snake_case and every amount a
/// decimal string in its currency ("65.80"), as every other JSON output of `close`.
/// The stored proposal (`Proposal`, camelCase with integer minor units) is what the audit
/// chain hashes and stays as it is; this document is converted to and from it at the edge.
public struct ProposalDocument: Sendable, Codable, Equatable {
    public struct Line: Sendable, Codable, Equatable {
        public var account, currency: String
        /// Signed, in `currency`: positive is a debit.
        public var amount: String
        /// In the entity's functional currency, when the line's currency is another one.
        public var functionalAmount: String?
        public var partner: String?
        public var reference, description: String

        enum CodingKeys: String, CodingKey {
            case account, currency, amount, partner, reference, description
            case functionalAmount = "functional_amount"
        }
    }

    public struct Entry: Sendable, Codable, Equatable {
        public var entity, date, description, key: String
        public var lines: [Line]
        public var rule: String
        /// Per mille (0 to 1000), as the rule reported it.
        public var confidence: Int
        public var explanation: String
        public var reverseOn: String?

        enum CodingKeys: String, CodingKey {
            case entity, date, description, key, lines, rule, confidence, explanation
            case reverseOn = "reverse_on"
        }
    }

    /// Before and after in `currency`, debit positive.
    public struct Impact: Sendable, Codable, Equatable {
        public var entity, account, currency, before, after: String
    }

    public var task, taskKind, preparedBy: String
    public var version: Int
    public var summary: String
    public var entries: [Entry]
    public var periodActions: [PeriodAction]
    public var findings: [Finding]
    public var evidence: [Evidence]
    public var impact: [Impact]
    public var inputs: [InputRead]?

    enum CodingKeys: String, CodingKey {
        case task, version, summary, entries, findings, evidence, impact, inputs
        case taskKind = "task_kind", preparedBy = "prepared_by", periodActions = "period_actions"
    }

    /// The document of a stored proposal. A functional amount is written in its entity's
    /// currency (the group names it); an amount in a currency `close` does not know (only an
    /// edited proposal could hold one, and it was refused when stored) is written in minor units.
    public init(_ proposal: Proposal, group: GroupDefinition) {
        func text(_ minor: Int64, _ code: String) -> String {
            (try? Currency(code)).map { Decimal10.format(minor, scale: $0.exponent) } ?? String(minor)
        }
        task = proposal.task
        taskKind = proposal.taskKind
        preparedBy = proposal.preparedBy
        version = proposal.version
        summary = proposal.summary
        entries = proposal.entries.map { entry in
            let functional = group.entity(entry.entity)?.currency.code
            return Entry(entity: entry.entity, date: entry.date, description: entry.description, key: entry.key,
                         lines: entry.lines.map { line in
                             Line(account: line.account, currency: line.currency, amount: text(line.amount, line.currency),
                                  functionalAmount: line.functionalAmount.map { text($0, functional ?? line.currency) },
                                  partner: line.partner, reference: line.reference, description: line.description)
                         },
                         rule: entry.rule, confidence: entry.confidence, explanation: entry.explanation, reverseOn: entry.reverseOn)
        }
        periodActions = proposal.periodActions
        findings = proposal.findings
        evidence = proposal.evidence
        impact = proposal.impact.map {
            Impact(entity: $0.entity, account: $0.account, currency: $0.currency, before: text($0.before, $0.currency),
                   after: text($0.after, $0.currency))
        }
        inputs = proposal.inputs
    }

    /// The proposal this document describes, every amount parsed strictly in its currency
    /// (no more decimals than it has, no separators, no exponent); an error names the field,
    /// e.g. `entries[0].lines[1].amount`.
    public func proposal(group: GroupDefinition) throws -> Proposal {
        func minor(_ text: String, _ code: String, _ field: String) throws -> Int64 {
            do throws(LedgerError) {
                return try Decimal10.parse(text, scale: try Currency(code).exponent)
            } catch {
                throw LedgerError(error.code, error.message, at: SourceLocation(field: field))
            }
        }
        var proposal = Proposal(task: task, taskKind: taskKind, preparedBy: preparedBy, version: version, summary: summary,
                                periodActions: periodActions, findings: findings, evidence: evidence)
        proposal.inputs = inputs
        proposal.entries = try entries.enumerated().map { e, entry in
            let lines = try entry.lines.enumerated().map { l, line in
                let path = "entries[\(e)].lines[\(l)]"
                let functional = try line.functionalAmount.map { text -> Int64 in
                    guard let entity = group.entity(entry.entity) else {
                        throw LedgerError(.unknownEntity, "entries[\(e)].entity '\(SafeText.excerpt(entry.entity, limit: 40))' is not an entity of the group",
                                          at: SourceLocation(field: "entries[\(e)].entity"))
                    }
                    return try minor(text, entity.currency.code, "\(path).functional_amount")
                }
                return ProposedLine(account: line.account, currency: line.currency, amount: try minor(line.amount, line.currency, "\(path).amount"),
                                    functionalAmount: functional, partner: line.partner, reference: line.reference, description: line.description)
            }
            return ProposedEntry(entity: entry.entity, date: entry.date, description: entry.description, key: entry.key, lines: lines,
                                 rule: entry.rule, confidence: entry.confidence, explanation: entry.explanation, reverseOn: entry.reverseOn)
        }
        proposal.impact = try impact.enumerated().map { i, row in
            ImpactRow(entity: row.entity, account: row.account, currency: row.currency,
                      before: try minor(row.before, row.currency, "impact[\(i)].before"),
                      after: try minor(row.after, row.currency, "impact[\(i)].after"))
        }
        return proposal
    }

    /// Reads an edited document (`close override --file`, the prompt's override): JSON as
    /// `close show --format json` prints it. The error names the file and what was wrong.
    /// The size and nesting limits of every JSON input apply first.
    public static func read(_ bytes: [UInt8], file: String, group: GroupDefinition) throws -> Proposal {
        let body = try JSONInput.body(bytes, file: file)
        if let unknown = Self.unknownKey(in: try? JSONSerialization.jsonObject(with: Data(body)), schema: Self.schema, path: "") {
            throw LedgerError(.invalidFile, "\(unknown) is not a key of a proposal; the keys are those `close show --format json` prints (snake_case), and a misspelt one would be ignored otherwise",
                              at: SourceLocation(file: file, field: unknown))
        }
        let document: ProposalDocument
        do {
            document = try JSONDecoder().decode(ProposalDocument.self, from: Data(body))
        } catch {
            throw LedgerError(.invalidFile, "not a proposal as `close show --format json` prints it: \(SafeText.excerpt(Self.describe(error), limit: 200))",
                              at: SourceLocation(file: file))
        }
        do {
            let proposal = try document.proposal(group: group)
            try proposal.checkLimits()  // before anything is opened for writing
            return proposal
        } catch let error as LedgerError {
            throw error.at(SourceLocation(file: file))
        }
    }

    /// The keys each object of a document may hold, by the key that leads to it ("" is the
    /// top). JSONDecoder ignores keys it does not know; an edit under a misspelt key would be
    /// dropped without a word, so an edited file with one is refused instead.
    static let schema: [String: Set<String>] = [
        "": ["task", "task_kind", "prepared_by", "version", "summary", "entries", "period_actions", "findings", "evidence", "impact", "inputs"],
        "entries": ["entity", "date", "description", "key", "lines", "rule", "confidence", "explanation", "reverse_on"],
        "lines": ["account", "currency", "amount", "functional_amount", "partner", "reference", "description"],
        "period_actions": ["entity", "period", "target"],
        "findings": ["id", "severity", "message", "evidence"],
        "evidence": ["kind", "id"],
        "impact": ["entity", "account", "currency", "before", "after"],
        "inputs": ["scope", "state"],
    ]

    /// The path of the first key `schema` does not allow ("entries[0].lines[1].amout"), or nil.
    static func unknownKey(in value: Any?, schema: [String: Set<String>], path: String, parent: String = "") -> String? {
        if let array = value as? [Any] {
            for (index, element) in array.enumerated() {
                if let found = unknownKey(in: element, schema: schema, path: "\(path)[\(index)]", parent: parent) { return found }
            }
            return nil
        }
        guard let object = value as? [String: Any], let allowed = schema[parent] else { return nil }
        for key in object.keys.sorted() {
            let here = path.isEmpty ? key : "\(path).\(key)"
            guard allowed.contains(key) else { return SafeText.excerpt(here, limit: 80) }
            if let found = unknownKey(in: object[key], schema: schema, path: here, parent: key) { return found }
        }
        return nil
    }

    /// A decoding error as a sentence: which key, at which path, and what was expected.
    static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?: return "missing key '\(key.stringValue)' at '\(path(context.codingPath))'"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?: return "'\(path(context.codingPath))': \(context.debugDescription)"
        case .dataCorrupted(let context)?: return "\(context.codingPath.isEmpty ? "" : "'\(path(context.codingPath))': ")\(context.debugDescription)"
        default: return "\(error)"
        }
    }
}
