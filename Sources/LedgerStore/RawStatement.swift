import Crypto
import GRDB
import GRDBSQLite

/// A thin wrapper over a prepared statement for the hot posting path: binds and steps
/// through the SQLite C API directly, with no per-row allocation of argument arrays.
/// Statements come from GRDB's statement cache, so each is prepared once per connection.
struct RawStatement {
    let handle: OpaquePointer

    init(_ db: Database, _ sql: String) throws {
        handle = try db.cachedStatement(sql: sql).sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// A valid pointer for empty text (SQLite binds NULL for a nil pointer).
    private nonisolated(unsafe) static let emptyText: UnsafeMutablePointer<UInt8> = {
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return pointer
    }()

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(_ index: Int32, _ value: String) {
        var text = value
        text.withUTF8 { buffer in
            let raw = UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(RawStatement.emptyText))
            _ = sqlite3_bind_text(handle, index, raw.assumingMemoryBound(to: CChar.self),
                                  Int32(buffer.count), RawStatement.transient)
        }
    }

    func bind(_ index: Int32, _ value: String?) {
        if let value { bind(index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { bind(index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            _ = sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), RawStatement.transient)
        }
    }

    /// Binds a digest's 32 bytes (copied by SQLite, as an array's are).
    func bind(_ index: Int32, digest: SHA256.Digest) {
        digest.withUnsafeBytes { buffer in
            _ = sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), RawStatement.transient)
        }
    }

    /// Steps once: true when a row is available, false when done. Errors carry SQLite's message.
    @discardableResult
    func step(_ db: Database) throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
    }

    /// Steps a statement that returns no row, then resets it for the next use.
    func execute(_ db: Database) throws {
        try step(db)
        reset()
    }

    /// Resets for the next row. Bindings are kept: the posting path binds every parameter
    /// (NULL included) for each row.
    func reset() {
        sqlite3_reset(handle)
    }

    private static let staticText = unsafeBitCast(0, to: sqlite3_destructor_type.self)

    /// Binds `range` of `buffer` without copying: the caller keeps the buffer alive and
    /// unchanged until the statement has stepped.
    func bind(_ index: Int32, in buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        let pointer = UnsafeRawPointer(buffer.baseAddress! + range.lowerBound).assumingMemoryBound(to: CChar.self)
        sqlite3_bind_text(handle, index, pointer, Int32(range.count), RawStatement.staticText)
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: pointer)
    }

    /// A text column in place: valid until the statement steps or resets.
    func textPointer(_ column: Int32) -> (pointer: UnsafePointer<UInt8>?, count: Int) {
        let pointer = sqlite3_column_text(handle, column)
        return (pointer, Int(sqlite3_column_bytes(handle, column)))
    }

    /// A blob column in place: valid until the statement steps or resets.
    func blobPointer(_ column: Int32) -> (pointer: UnsafeRawPointer?, count: Int) {
        let pointer = sqlite3_column_blob(handle, column)
        return (pointer, Int(sqlite3_column_bytes(handle, column)))
    }

    func bytes(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

/// A reusable byte buffer holding the text of one row, so a row's strings can be bound
/// without a heap allocation per string.
struct TextArena {
    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1024) }

    mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    mutating func append(_ text: String) -> Range<Int> {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        // A non-empty buffer: SQLite reads a NULL pointer as NULL, not as empty text.
        return start..<bytes.count
    }
}
