import Foundation
import GRDB
import LedgerCore

/// The hash of one audit event, version 1: SHA-256 over the canonical encoding of its
/// sequence number, the previous event's hash and its fields. Frozen once shipped.
enum AuditHash {
    static let genesis = [UInt8](repeating: 0, count: 32)

    static func v1(seq: Int64, prevHash: [UInt8], at: String, actor: String, kind: String,
                   subject: String, payload: String) -> [UInt8] {
        var encoder = CanonicalEncoder(tag: "close.audit-event.v1")
        encoder.int(seq)
        encoder.blob(prevHash)
        encoder.string(at)
        encoder.string(actor)
        encoder.string(kind)
        encoder.string(subject)
        encoder.string(payload)
        return encoder.sha256
    }
}

/// The content hash of a journal entry, version 1: everything a posted entry says
/// (header and every line in line order), but not its row id or document number, which
/// the `entry.posted` audit event records beside this hash.
enum EntryHash {
    struct Header {
        var entity: String
        var date: String
        var source: String
        var description: String
        var idempotencyKey: String
        var reverses: Int64?
    }

    struct Line {
        var account: String
        var currency: String
        var amountMinor: Int64
        var functionalMinor: Int64
        var partner: String?
        var reference: String
        var description: String
    }

    static func v1(_ header: Header, lines: [Line]) -> [UInt8] {
        var encoder = CanonicalEncoder(tag: "close.journal-entry.v1")
        encoder.string(header.entity)
        encoder.string(header.date)
        encoder.string(header.source)
        encoder.string(header.description)
        encoder.string(header.idempotencyKey)
        encoder.int(header.reverses ?? 0)
        encoder.int(Int64(lines.count))
        for (index, line) in lines.enumerated() {
            encoder.int(Int64(index + 1))
            encoder.string(line.account)
            encoder.string(line.currency)
            encoder.int(line.amountMinor)
            encoder.int(line.functionalMinor)
            encoder.optionalString(line.partner)
            encoder.string(line.reference)
            encoder.string(line.description)
        }
        return encoder.sha256
    }

    static func v1(_ entry: ResolvedEntry, reverses: Int64?) -> [UInt8] {
        let header = Header(entity: entry.entity.code, date: entry.date.description, source: entry.source.description,
                            description: entry.description, idempotencyKey: entry.idempotencyKey, reverses: reverses)
        return v1(header, lines: entry.lines.map {
            Line(account: $0.account, currency: $0.currency.code, amountMinor: $0.amountMinor,
                 functionalMinor: $0.functionalMinor, partner: $0.partner, reference: $0.reference,
                 description: $0.description)
        })
    }

    /// The payload of the `entry.posted` event that seals an entry.
    static func postedPayload(id: Int64, document: String, hash: [UInt8]) -> String {
        "entry=\(id) document=\(document) hash=\(Hex.encode(hash))"
    }
}

/// Appends hash-chained events inside the current transaction. Created once per
/// transaction; keeps the chain's head in memory so a batch does not re-read it.
struct AuditAppender {
    private(set) var lastSeq: Int64
    private(set) var lastHash: [UInt8]
    private let at: String

    init(_ db: Database, clock: LedgerClock) throws {
        let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")
        lastSeq = head?["seq"] ?? 0
        lastHash = (head?["hash"] as Data?).map { Array($0) } ?? AuditHash.genesis
        at = clock.now()
    }

    mutating func append(_ db: Database, actor: String, kind: String, subject: String, payload: String) throws {
        let seq = lastSeq + 1
        let hash = AuditHash.v1(seq: seq, prevHash: lastHash, at: at, actor: actor, kind: kind,
                                subject: subject, payload: payload)
        let statement = try RawStatement(db, """
            INSERT INTO audit_event (seq, at, actor, kind, subject, payload, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        statement.bind(1, seq)
        statement.bind(2, at)
        statement.bind(3, actor)
        statement.bind(4, kind)
        statement.bind(5, subject)
        statement.bind(6, payload)
        statement.bind(7, bytes: lastHash)
        statement.bind(8, bytes: hash)
        try statement.execute(db)
        lastSeq = seq
        lastHash = hash
    }
}
