import Foundation
import GRDB
import LedgerCore

/// A person's registered signing key, as the ledger keeps it.
public struct RegisteredKey: Sendable, Equatable {
    public var id: Int64
    public var user: String
    public var publicKey: [UInt8]
    /// The private key sealed with the person's password (for the web), or nil.
    public var sealedPrivateKey: [UInt8]?
    public var kdfSalt: [UInt8]?
    public var kdfRounds: Int?
}

/// The private key sealed with a password, with what opens it.
public struct SealedPrivateKey: Sendable, Equatable {
    public var sealed: [UInt8]
    public var salt: [UInt8]
    public var rounds: Int

    public init(sealed: [UInt8], salt: [UInt8], rounds: Int) {
        self.sealed = sealed
        self.salt = salt
        self.rounds = rounds
    }
}

/// People, not claims: password hashes, signing keys, sign-ins and the evidence a person
/// opened. Every write is one audited transaction. The auditor has a password and logs in
/// (to read); "system" is nobody's name and has neither password nor key.
extension LedgerStore {
    /// Stores a bcrypt hash as the user's password (a new version; the latest counts).
    public func setPassword(user: String, bcryptHash: String) throws {
        try requirePerson(user)
        try transaction { db in
            let version = (try Int.fetchOne(db, sql: "SELECT max(version) FROM user_password WHERE user = ?", arguments: [user]) ?? 0) + 1
            try db.execute(sql: "INSERT INTO user_password (user, version, hash) VALUES (?, ?, ?)", arguments: [user, version, bcryptHash])
            var audit = try AuditAppender(db, clock: clock)
            try audit.append(db, actor: user, kind: "user.password-set", subject: user, payload: "version=\(version)")
        }
    }

    /// The user's current bcrypt hash, or nil when no password was ever set.
    public func passwordHash(user: String) throws -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT hash FROM user_password WHERE user = ? ORDER BY version DESC LIMIT 1", arguments: [user])
        }
    }

    /// Registers `publicKey` as the user's signing key from now on (audited); earlier keys
    /// keep vouching for the decisions signed while they were the user's key.
    @discardableResult
    public func registerKey(user: String, publicKey: [UInt8], sealed: SealedPrivateKey?) throws -> Int64 {
        try requirePerson(user)
        guard publicKey.count == 32 else { throw LedgerError(.invalidEntry, "an Ed25519 public key is 32 bytes, got \(publicKey.count)") }
        return try transaction { db in
            var audit = try AuditAppender(db, clock: clock)
            try audit.append(db, actor: user, kind: "key.registered", subject: user,
                             payload: "public=\(Hex.encode(publicKey))" + (sealed == nil ? "" : " sealed-for-web"))
            try db.execute(sql: """
                INSERT INTO user_key (user, public_key, sealed_private_key, kdf_salt, kdf_rounds, registered_seq) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [user, Data(publicKey), sealed.map { Data($0.sealed) }, sealed.map { Data($0.salt) }, sealed?.rounds, audit.lastSeq])
            return db.lastInsertedRowID
        }
    }

    /// The user's signing key now (the one registered last), or nil.
    public func currentKey(user: String) throws -> RegisteredKey? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM user_key WHERE user = ? ORDER BY id DESC LIMIT 1", arguments: [user]).map { row in
                RegisteredKey(id: row["id"], user: row["user"], publicKey: Array(row["public_key"] as Data),
                              sealedPrivateKey: (row["sealed_private_key"] as Data?).map { Array($0) },
                              kdfSalt: (row["kdf_salt"] as Data?).map { Array($0) }, kdfRounds: row["kdf_rounds"])
            }
        }
    }

    /// A sign-in, a failed sign-in or a sign-out, in the audit chain. `name` is what was typed
    /// (a failed sign-in may name nobody): shown safely and cut short, never trusted.
    public func recordAccess(_ kind: AccessEvent, name: String, detail: String = "") throws {
        let shown = SafeText.excerpt(SafeText.visible(name), limit: 64)
        try transaction { db in
            var audit = try AuditAppender(db, clock: clock)
            try audit.append(db, actor: kind == .loginFailed ? "web" : shown, kind: kind.rawValue, subject: shown,
                             payload: SafeText.excerpt(SafeText.visible(detail), limit: 200))
        }
    }

    /// Records that `user` opened the evidence of a proposal version (once; audited once).
    public func recordEvidenceOpened(run: CloseRunRecord, task: String, version: Int, user: String) throws {
        try requirePerson(user)
        try transaction { db in
            let seen = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM evidence_opened WHERE run = ? AND task = ? AND version = ? AND user = ?)
                """, arguments: [run.id, task, version, user]) ?? false
            guard !seen else { return }
            try db.execute(sql: "INSERT INTO evidence_opened (run, task, version, user) VALUES (?, ?, ?, ?)",
                           arguments: [run.id, task, version, user])
            var audit = try AuditAppender(db, clock: clock)
            try audit.append(db, actor: user, kind: "evidence.opened", subject: task, payload: "version=\(version)")
        }
    }

    public func evidenceOpened(run: CloseRunRecord, task: String, version: Int, user: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM evidence_opened WHERE run = ? AND task = ? AND version = ? AND user = ?)
                """, arguments: [run.id, task, version, user]) ?? false
        }
    }

    /// The time now, by the ledger's clock: what a signature's time says.
    public var now: String { clock.now() }

    /// A user of the group, any role (the auditor signs in too), never "system".
    private func requirePerson(_ user: String) throws {
        try refuseIfTampered()
        guard group.user(user) != nil else {
            throw LedgerError(.unknownUser, "unknown user '\(user)'; the group's users are \(group.users.map(\.name).joined(separator: ", "))",
                              at: SourceLocation(field: "USER"))
        }
    }
}

/// The kinds of sign-in events the audit chain records.
public enum AccessEvent: String, Sendable {
    case login = "session.login"
    case loginFailed = "session.login-failed"
    case logout = "session.logout"
}
