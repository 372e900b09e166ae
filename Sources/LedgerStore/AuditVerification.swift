import Foundation
import GRDB
import LedgerCore

/// The outcome of `verifyAudit`: how much was checked and the first broken place, if any.
public struct AuditVerification: Sendable, Equatable {
    public var eventsChecked = 0
    public var entriesChecked = 0
    public var linesChecked = 0
    /// Rows of the sealed tables checked against their seals (a bank statement's lines count).
    public var rowsChecked = 0
    /// Signed decisions whose signature verified against the key registered at the time.
    public var signaturesChecked = 0
    /// The hash of the last event: kept outside the database, it also reveals a chain cut at its end.
    public var headHash = ""
    /// The sequence number of the last event.
    public var headSeq: Int64 = 0
    /// With a known head (`verifyAudit(knownHead:)`): the event that has it, and how many follow it.
    public var knownHeadSeq: Int64?
    public var eventsAfterKnownHead: Int?
    /// The first problem found, naming the event, entry or row; nil when the chain verifies.
    public var firstProblem: String?
    public var isIntact: Bool { firstProblem == nil }

    public init() {}
}

/// The last event of the chain, as stored (not verified).
public struct AuditHead: Sendable, Equatable {
    public var seq: Int64
    public var hash: String
}

/// One `entries.posted` event: the range of entries it seals and their digest.
struct SealRecord {
    var seq: Int64
    var first: Int64
    var last: Int64
    var count: Int
    var digest: String

    init?(seq: Int64, payload: String) {
        var fields: [Substring: Substring] = [:]
        for part in payload.split(separator: " ") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            fields[part[..<equals]] = part[part.index(after: equals)...]
        }
        guard let first = fields["first"].flatMap({ Int64($0) }), let last = fields["last"].flatMap({ Int64($0) }),
              let count = fields["count"].flatMap({ Int($0) }), let digest = fields["digest"] else { return nil }
        self.seq = seq
        self.first = first
        self.last = last
        self.count = count
        self.digest = String(digest)
    }
}

/// What the walk of the chain collects for the checks that follow it.
struct ChainFacts {
    var entrySeals: [SealRecord] = []
    var rowSeals: [Int64: RowSealRecord] = [:]
    var periods: [String: (state: String, seq: Int64)] = [:]
}

extension LedgerStore {
    /// Walks the audit chain from the first event to the last (invariant 13); recomputes every
    /// posted entry's content hash from its rows and checks it against the entry and against
    /// the seal of its batch; checks every period against its last audited transition and
    /// every row of the sealed tables against its seal; and recomputes the cached balances
    /// from the lines (invariant 5). One streaming pass over the entries and their lines.
    ///
    /// `knownHead`: a head hash recorded earlier (`close audit head`). The chain must still hold
    /// that event, or events were cut from its end, which no chain shows on its own.
    /// `progress`: the journal lines read so far, called about every chunk (a few thousand
    /// entries) on the calling thread.
    public func verifyAudit(knownHead: String? = nil, progress: ((Int) -> Void)? = nil) throws -> AuditVerification {
        let known = try knownHead.map(Self.headBytes)
        return try read { db in
            var result = AuditVerification()
            var facts = ChainFacts()
            if let problem = try Self.verifyChain(db, knownHead: known, facts: &facts, result: &result) {
                result.firstProblem = problem
                return result
            }
            var (problem, checker) = try EntryScan.verify(db, seals: facts.entrySeals, result: &result, progress: progress)
            result.firstProblem = try problem
                ?? checker.verifyNumbering(db)
                ?? Self.verifyPeriods(db, facts.periods)
                ?? RowSeals.verify(db, events: facts.rowSeals, result: &result)
                // After the seals: a signature edited outside the ledger is named by its seal first;
                // this then checks what the seals cannot, that each signature is the decider's.
                ?? Self.verifySignatures(db, result: &result)
                ?? checker.verifyBalances(db)
            return result
        }
    }

    /// The chain's last event as stored, without verifying anything (`close audit head`).
    public func auditHead() throws -> AuditHead? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").map { row in
                AuditHead(seq: row["seq"], hash: Hex.encode(Array(row["hash"] as Data)))
            }
        }
    }

    private static func headBytes(_ text: String) throws -> [UInt8] {
        let digits = Array(text.lowercased().utf8)
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        var index = 0
        while digits.count == 64, index < 64, let high = value(digits[index]), let low = value(digits[index + 1]) {
            bytes.append(high << 4 | low)
            index += 2
        }
        guard bytes.count == 32 else {
            throw LedgerError(.invalidEntry, "a head hash is 64 hexadecimal digits, got '\(text)'", at: SourceLocation(field: "--head"))
        }
        return bytes
    }

    private static func verifyChain(_ db: Database, knownHead: [UInt8]?, facts: inout ChainFacts,
                                    result: inout AuditVerification) throws -> String? {
        var expectedPrev = AuditHash.genesis
        var expectedSeq: Int64 = 1
        let events = try RawStatement(db, "SELECT seq, at, actor, kind, subject, payload, prev_hash, hash FROM audit_event ORDER BY seq")
        defer { events.reset() }
        while try events.step(db) {
            let seq = events.int64(0)
            let prev = events.bytes(6)
            let kind = events.text(3)
            let payload = events.text(5)
            guard seq == expectedSeq else {
                return "audit event \(expectedSeq) is missing (the next event is \(seq)): the chain was truncated or an event deleted"
            }
            guard prev == expectedPrev else {
                return "audit event \(seq) (\(kind)) does not link to event \(seq - 1): the chain was edited, reordered or truncated there"
            }
            let subject = events.text(4)
            let hash = AuditHash.v1(seq: seq, prevHash: prev, at: events.text(1), actor: events.text(2), kind: kind,
                                    subject: subject, payload: payload)
            guard hash == events.bytes(7) else {
                return "audit event \(seq) (\(kind)) does not match its hash: its content was changed"
            }
            switch kind {
            case "entries.posted":
                guard let seal = SealRecord(seq: seq, payload: payload) else {
                    return "audit event \(seq) (\(kind)) has an unreadable seal"
                }
                facts.entrySeals.append(seal)
            case RowSeals.eventKind:
                guard let record = RowSealRecord(payload: payload) else {
                    return "audit event \(seq) (\(kind)) has an unreadable seal"
                }
                facts.rowSeals[seq] = record
            default:
                if kind.hasPrefix("period."), let to = payload.split(separator: " ").first(where: { $0.hasPrefix("to=") }) {
                    facts.periods[subject] = (String(to.dropFirst(3)), seq)
                }
            }
            if let knownHead, hash == knownHead { result.knownHeadSeq = seq }
            expectedPrev = hash
            expectedSeq += 1
            result.eventsChecked += 1
            result.headSeq = seq
            result.headHash = Hex.encode(hash)
        }
        if knownHead != nil {
            guard let seq = result.knownHeadSeq else {
                return "no event of the chain has the head hash given: events were cut from the end of the chain (it now ends at event \(result.headSeq), \(result.headHash)), or the hash is another ledger's"
            }
            result.eventsAfterKnownHead = Int(result.headSeq - seq)
        }
        return nil
    }

    /// Every period's state is the one its last audited transition set.
    private static func verifyPeriods(_ db: Database, _ audited: [String: (state: String, seq: Int64)]) throws -> String? {
        var stored: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT entity, period, state FROM period ORDER BY entity, period") {
            stored["\(row["entity"] as String)/\(row["period"] as String)"] = row["state"]
        }
        for key in Set(stored.keys).union(audited.keys).sorted() {
            let state = stored[key] ?? "open"
            let expected = audited[key]?.state ?? "open"
            guard state == expected else {
                let source = audited[key].map { "audit event \($0.seq) set it to \(expected)" } ?? "no audit event changed it"
                return "period \(key) is \(state) but \(source): the period table was edited"
            }
        }
        return nil
    }
}

extension LedgerStore {
    /// How many audit events the chain holds (without verifying them: `verifyAudit` does that).
    public func auditEventCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_event") ?? 0 }
    }
}
