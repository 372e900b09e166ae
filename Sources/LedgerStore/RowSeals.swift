import Crypto
import GRDB
import GRDBSQLite

/// A table whose rows decide or feed the books, and so are sealed in the audit chain: each
/// write transaction ends by hashing the rows it inserted, updated or deleted into `row_seal`,
/// under one `rows.sealed` audit event (see `RowSeals+Recording.swift`).
///
/// The column lists are part of the frozen encoding `close.row-seal.v1`: a new column is
/// sealed only by a new version. `RowSealTests` checks that they name every column of the
/// schema (but `close_run.owner`, which only says which process holds a run).
struct SealedTable: Sendable {
    /// The table, as in the schema.
    let name: String
    /// The primary key columns, in key order: the row's key is their values joined by U+001F.
    let keyColumns: [String]
    /// Every sealed column, in the schema's order (the order they are hashed in).
    let columns: [String]
    /// Columns that help a person find the row in a message (a decision's run and task).
    let context: [String]
    /// Child rows sealed with their parent in one seal (a bank statement's lines): the child
    /// table, its column naming the parent's key, and its sealed columns in the schema's
    /// order, the first two being the parent key and the position (hashed in that order).
    let child: (table: String, parentColumn: String, orderColumn: String, columns: [String])?

    init(_ name: String, key: [String], columns: [String], context: [String] = [],
         child: (table: String, parentColumn: String, orderColumn: String, columns: [String])? = nil) {
        self.name = name
        self.keyColumns = key
        self.columns = columns
        self.context = context
        self.child = child
    }

    /// The column positions of the key inside `columns`.
    var keyPositions: [Int] { keyColumns.map { column in columns.firstIndex(of: column)! } }

    /// `SELECT <columns> FROM main.<table>`.
    var selectColumns: String { columns.map { "\"\($0)\"" }.joined(separator: ", ") }
    var keyOrder: String { keyColumns.map { "\"\($0)\"" }.joined(separator: ", ") }
    var keyMatch: String { keyColumns.map { "\"\($0)\" = ?" }.joined(separator: " AND ") }
}

enum RowSeals {
    /// The tables sealed, in the order they are checked and reported. Journal entries and
    /// lines have their own seals (`entries.posted`); `balance` is recomputed from the lines
    /// and `document_sequence` checked against the numbers in use.
    static let tables: [SealedTable] = [
        SealedTable("ledger_group", key: ["id"], columns: ["id", "name", "currency", "fiscal_year_start_month"]),
        SealedTable("currency", key: ["code"], columns: ["code", "exponent"]),
        SealedTable("entity", key: ["code"], columns: ["code", "name", "currency", "country", "parent", "is_consolidation"]),
        SealedTable("account", key: ["code"],
                    columns: ["code", "name", "type", "is_bank", "is_intercompany", "is_monetary", "is_closed"]),
        SealedTable("app_user", key: ["name"], columns: ["name", "display_name", "role"]),
        SealedTable("bank_account", key: ["iban"], columns: ["iban", "entity", "account", "bic", "currency"]),
        SealedTable("recurring_accrual", key: ["position"],
                    columns: ["position", "entity", "account", "currency", "amount", "description", "matches"]),
        SealedTable("policy_version", key: ["version"], columns: ["version", "text", "hash", "set_by", "reason"]),
        SealedTable("close_run", key: ["id"], columns: ["id", "period", "template", "policy_version", "state", "started_by"]),
        SealedTable("close_task", key: ["run", "task"],
                    columns: ["run", "task", "kind", "agent", "position", "depends_on", "hours", "state", "done_at_hour"]),
        SealedTable("proposal", key: ["run", "task", "version"],
                    columns: ["run", "task", "version", "prepared_by", "payload", "hash", "route", "ready_at_hour"]),
        SealedTable("decision", key: ["id"], columns: ["id", "run", "task", "version", "kind", "user", "reason", "at_hour"],
                    context: ["run", "task"]),
        SealedTable("period", key: ["entity", "period"], columns: ["entity", "period", "state"]),
        SealedTable("reopen_request", key: ["entity", "period"], columns: ["entity", "period", "requested_by", "reason"]),
        SealedTable("bank_statement", key: ["id"],
                    columns: ["id", "iban", "statement_id", "entity", "account", "currency", "opening_date", "opening",
                              "closing_date", "closing", "content_hash", "source", "imported_by"],
                    context: ["iban", "statement_id"],
                    child: (table: "bank_line", parentColumn: "statement", orderColumn: "line_no",
                            columns: ["statement", "line_no", "booking_date", "value_date", "amount", "reference", "bank_reference",
                                      "counterparty", "description", "kind"])),
        SealedTable("goods_receipt", key: ["receipt_id"],
                    columns: ["receipt_id", "entity", "supplier", "date", "currency", "amount", "account", "description", "invoice",
                              "imported_at", "source", "imported_by"]),
        SealedTable("fx_rate", key: ["from_currency", "to_currency", "type", "date"],
                    columns: ["date", "from_currency", "to_currency", "type", "rate"]),
        SealedTable("scenario_truth", key: ["id"], columns: ["id", "scenario", "seed", "period", "faults"]),
        SealedTable("user_password", key: ["user", "version"], columns: ["user", "version", "hash"]),
        SealedTable("user_key", key: ["id"],
                    columns: ["id", "user", "public_key", "sealed_private_key", "kdf_salt", "kdf_rounds", "registered_seq"]),
        SealedTable("decision_signature", key: ["decision"], columns: ["decision", "key", "signed_at", "signature", "seq"]),
        SealedTable("policy_signatures_required", key: ["version"], columns: ["version"]),
        SealedTable("evidence_opened", key: ["run", "task", "version", "user"], columns: ["run", "task", "version", "user"]),
    ]

    /// The tables of the group definition, loaded once when a ledger opens and checked then.
    static let groupTables: Set<String> = ["ledger_group", "currency", "entity", "account", "app_user", "bank_account", "recurring_accrual"]

    static let byName: [String: SealedTable] = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) })

    /// Joins key parts; U+001F (unit separator) occurs in no code, name, IBAN or period.
    static let separator: Character = "\u{1F}"

    /// The event that seals the rows a transaction wrote.
    static let eventKind = "rows.sealed"

    /// `decision 17`, `close_task (run 1, task accruals/US01)`, with context when the row is there:
    /// `decision 17 (run 1, task accruals/US01)`.
    static func describe(_ table: SealedTable, key: String, context: [(String, String)] = []) -> String {
        let parts = key.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        if table.keyColumns.count == 1 {
            let extra = context.isEmpty ? "" : " (" + context.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + ")"
            return "\(table.name) \(parts.first ?? "")" + extra
        }
        let named = zip(table.keyColumns, parts).map { "\($0.0) \($0.1)" }
        return "\(table.name) (" + named.joined(separator: ", ") + ")"
    }
}

/// The hash of one sealed row, version 1 (`close.row-seal.v1`): SHA-256 over the table's name,
/// the number of columns and every column value as SQLite stores it (a type byte, then the
/// integer as 8 big-endian bytes, or the text or blob length-prefixed), so any change of a
/// value or of its type changes the hash. A statement's lines follow it, each line's columns
/// in line order, then their count. Frozen once shipped.
struct RowHasher {
    private(set) var encoder = CanonicalEncoder(tag: "")

    mutating func start(_ table: SealedTable) {
        encoder.restart(tag: "close.row-seal.v1")
        encoder.string(table.name)
        encoder.int(Int64(table.columns.count))
    }

    /// Appends columns `first..<first + count` of the current row of `statement`.
    mutating func columns(of statement: OpaquePointer, from first: Int32 = 0, count: Int) {
        for index in first..<(first + Int32(count)) {
            value(statement, index)
        }
    }

    mutating func lineCount(_ count: Int) { encoder.int(Int64(count)) }

    private mutating func value(_ statement: OpaquePointer, _ index: Int32) {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_NULL:
            encoder.byte(0)
        case SQLITE_INTEGER:
            encoder.byte(1)
            encoder.int(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT:
            encoder.byte(2)
            encoder.int(Int64(bitPattern: sqlite3_column_double(statement, index).bitPattern))
        case SQLITE_TEXT:
            encoder.byte(3)
            let count = Int(sqlite3_column_bytes(statement, index))
            encoder.text(sqlite3_column_text(statement, index), count: count)
        default:
            encoder.byte(4)
            let pointer = sqlite3_column_blob(statement, index)
            let count = Int(sqlite3_column_bytes(statement, index))
            encoder.text(pointer?.assumingMemoryBound(to: UInt8.self), count: count)
        }
    }

    var sha256: [UInt8] { encoder.sha256 }
}

/// A column of the current row as key text: integers in decimal, as SQLite's `||` renders
/// them in the recording triggers; NULL (which no key column may hold) as U+0000.
func keyText(_ statement: OpaquePointer, _ index: Int32) -> String {
    switch sqlite3_column_type(statement, index) {
    case SQLITE_NULL: return "\u{0}"
    case SQLITE_INTEGER: return String(sqlite3_column_int64(statement, index))
    default:
        guard let pointer = sqlite3_column_text(statement, index) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement, index))), as: UTF8.self)
    }
}

/// The digest a `rows.sealed` event carries: SHA-256 (`close.rows-sealed.v1`) over every
/// (table, key, hash) it sealed, ordered by table and key as SQLite orders text (bytewise),
/// a deleted row's hash absent. Incremental, so verification can feed many events at once.
struct SealDigest {
    private var hasher = SHA256()
    private(set) var count = 0

    init() {
        hasher.update(data: CanonicalEncoder(tag: "close.rows-sealed.v1").bytes)
    }

    /// Adds one seal; `encoder` is scratch space, shared so that many digests cost no buffer each.
    mutating func add(table: String, key: String, hash: [UInt8]?, using encoder: inout CanonicalEncoder) {
        encoder.reset()
        encoder.string(table)
        encoder.string(key)
        if let hash {
            encoder.byte(1)
            encoder.blob(hash)
        } else {
            encoder.byte(0)
        }
        hasher.update(data: encoder.bytes)
        count += 1
    }

    var hex: String { Hex.encode(Array(hasher.finalize())) }
}

/// The fields of a `rows.sealed` payload: `count=N digest=HEX`.
struct RowSealRecord {
    var count: Int
    var digest: String

    init(count: Int, digest: String) {
        self.count = count
        self.digest = digest
    }

    init?(payload: String) {
        var count: Int?
        var digest: String?
        for part in payload.split(separator: " ") {
            if part.hasPrefix("count=") { count = Int(part.dropFirst(6)) }
            if part.hasPrefix("digest=") { digest = String(part.dropFirst(7)) }
        }
        guard let count, let digest else { return nil }
        self.count = count
        self.digest = digest
    }

    var payload: String { "count=\(count) digest=\(digest)" }
}
