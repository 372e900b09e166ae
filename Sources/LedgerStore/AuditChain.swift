import Crypto
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
/// the batch seal (`EntrySeal`) records beside this hash.
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
        var encoder = CanonicalEncoder(tag: "")
        encoder.restart(tag: tag)
        encodeHeader(header.entity, header.date, header.source, header.description, header.idempotencyKey,
                     header.reverses, lineCount: lines.count, into: &encoder)
        for (index, line) in lines.enumerated() {
            encodeLine(index + 1, line.account, line.currency, line.amountMinor, line.functionalMinor, line.partner,
                       line.reference, line.description, into: &encoder)
        }
        return encoder.sha256
    }

    /// The same bytes as `v1(_:lines:)`, straight from a resolved entry, reusing `encoder`'s buffer.
    /// A digest, 32 bytes in place, not an array: a posted entry carries two hashes, and each
    /// array was a malloc and a free.
    static func v1(_ entry: ResolvedEntry, reverses: Int64?, using encoder: inout CanonicalEncoder) -> SHA256.Digest {
        encoder.restart(tag: tag)
        encodeHeader(entry.entity.code, entry.date.description, entry.source.description, entry.description,
                     entry.idempotencyKey, reverses, lineCount: entry.lines.count, into: &encoder)
        for (index, line) in entry.lines.enumerated() {
            encodeLine(index + 1, line.account, line.currency.code, line.amountMinor, line.functionalMinor, line.partner,
                       line.reference, line.description, into: &encoder)
        }
        return encoder.digest
    }

    /// The hash of an entry as submitted (version 1): what decides whether a second
    /// submission of its idempotency key is a replay. Functional amounts count only where the
    /// submitter gave them, so a rate imported later does not turn a replay into a conflict.
    static func payloadV1(_ draft: JournalEntryDraft, reverses: Int64?, using encoder: inout CanonicalEncoder) -> SHA256.Digest {
        encoder.restart(tag: "close.entry-payload.v1")
        encodeHeader(draft.entity, draft.date.description, draft.source.description, draft.description,
                     draft.idempotencyKey, reverses, lineCount: draft.lines.count, into: &encoder)
        for (index, line) in draft.lines.enumerated() {
            encodeLine(index + 1, line.account, line.currency.code, line.amountMinor, line.functionalMinor ?? 0, line.partner,
                       line.reference, line.description, into: &encoder)
        }
        return encoder.digest
    }

    static let tag = "close.journal-entry.v1"

    private static func encodeHeader(_ entity: String, _ date: String, _ source: String, _ description: String,
                                     _ key: String, _ reverses: Int64?, lineCount: Int, into encoder: inout CanonicalEncoder) {
        encoder.string(entity)
        encoder.string(date)
        encoder.string(source)
        encoder.string(description)
        encoder.string(key)
        encoder.int(reverses ?? 0)
        encoder.int(Int64(lineCount))
    }

    private static func encodeLine(_ number: Int, _ account: String, _ currency: String, _ amount: Int64, _ functional: Int64,
                                   _ partner: String?, _ reference: String, _ description: String,
                                   into encoder: inout CanonicalEncoder) {
        encoder.int(Int64(number))
        encoder.string(account)
        encoder.string(currency)
        encoder.int(amount)
        encoder.int(functional)
        encoder.optionalString(partner)
        encoder.string(reference)
        encoder.string(description)
    }
}

/// Seals a batch of posted entries in one audit event, version 1: SHA-256 over each entry's
/// row id, entity, fiscal year, document number, who posted it and its content hash, in
/// posting order. Row ids of one batch are
/// consecutive (one writer, one transaction), so the event names its range. Hashed as it
/// goes, so a batch of a million entries holds 64 KiB, not all their bytes.
struct EntrySeal {
    private var encoder = CanonicalEncoder(tag: "close.entry-seal.v1")
    private var hasher = SHA256()
    private(set) var first: Int64?
    private(set) var last: Int64 = 0
    private(set) var count = 0

    mutating func add(id: Int64, entity: String, fiscalYear: Int, number: Int64, createdBy: String, contentHash: SHA256.Digest) {
        record(id)
        encoder.int(id)
        encoder.string(entity)
        encoder.int(Int64(fiscalYear))
        encoder.int(number)
        encoder.string(createdBy)
        encoder.blob(contentHash)
        flushIfFull()
    }

    /// The same bytes from values read through the C API (verification's streaming pass).
    mutating func add(id: Int64, entity: (UnsafePointer<UInt8>?, Int), fiscalYear: Int64, number: Int64,
                      createdBy: (UnsafePointer<UInt8>?, Int), contentHash: (pointer: UnsafeRawPointer?, count: Int)) {
        record(id)
        encoder.int(id)
        encoder.text(entity.0, count: entity.1)
        encoder.int(fiscalYear)
        encoder.int(number)
        encoder.text(createdBy.0, count: createdBy.1)
        encoder.text(contentHash.pointer?.assumingMemoryBound(to: UInt8.self), count: contentHash.count)
        flushIfFull()
    }

    private mutating func record(_ id: Int64) {
        if first == nil { first = id }
        last = id
        count += 1
    }

    private mutating func flushIfFull() {
        guard encoder.bytes.count >= 1 << 16 else { return }
        hasher.update(data: encoder.bytes)
        encoder.reset()
    }

    var digest: String {
        var final = hasher
        final.update(data: encoder.bytes)
        return Hex.encode(Array(final.finalize()))
    }

    /// `first=1 last=3 count=3 digest=…`, or nil when nothing was posted.
    var payload: String? {
        guard let first else { return nil }
        return "first=\(first) last=\(last) count=\(count) digest=\(digest)"
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
