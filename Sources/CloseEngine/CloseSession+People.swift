import Foundation
import Governance
import HummingbirdBcrypt
import LedgerCore
import LedgerStore

/// A person signed in: who they are, and their signer when their key opened with their password.
public struct SignedInPerson: Sendable {
    public let user: User
    public let signer: DecisionSigner?
}

/// People, not claims: passwords, keys, sign-ins. Passwords are bcrypt hashes in the ledger;
/// a key's private half leaves the engine only as the person's key file.
extension CloseSession {
    /// Accepted password lengths: long enough to matter, short enough that bcrypt (which reads
    /// 72 bytes) and a hostile request stay bounded.
    public static let passwordLength = 8...72

    /// bcrypt's cost: 2^11 rounds, about a tenth of a second here; tests pass the minimum, 4.
    public static let defaultBcryptCost: UInt8 = 11

    /// Stores `password` as `user`'s, as a bcrypt hash (`close users set-password`).
    public func setPassword(user: String, password: String, cost: UInt8 = CloseSession.defaultBcryptCost) throws {
        try Self.checkPassword(password)
        try store.setPassword(user: user, bcryptHash: Bcrypt.hash(password, cost: cost))
    }

    static func checkPassword(_ password: String) throws {
        guard passwordLength.contains(password.utf8.count) else {
            throw LedgerError(.invalidText, "a password is \(passwordLength.lowerBound) to \(passwordLength.upperBound) bytes, got \(password.utf8.count)",
                              at: SourceLocation(field: "password"))
        }
        try SafeText.check(password, field: "password")
    }

    /// Registers `key` as `user`'s signing key (`close users keygen`) and returns the key file
    /// for the CLI. When the user has a password, `password` must be it: the key is also kept
    /// sealed with it, so the web can sign for them after they sign in.
    public func registerKey(user: String, key: SigningKey, password: String?, salt: [UInt8],
                            rounds: Int = SigningKey.defaultRounds) throws -> (id: Int64, keyFile: String) {
        var sealed: SealedPrivateKey?
        if let hash = try store.passwordHash(user: user) {
            guard let password, Bcrypt.verify(password, hash: hash) else {
                throw LedgerError(.notPermitted, "\(user) has a password: give it on standard input, so the key can be sealed with it for the web",
                                  at: SourceLocation(field: "password"))
            }
            sealed = SealedPrivateKey(sealed: try key.sealed(password: password, salt: salt, rounds: rounds), salt: salt, rounds: rounds)
        }
        let id = try store.registerKey(user: user, publicKey: key.publicKey, sealed: sealed)
        return (id, key.keyFile(user: user))
    }

    /// The signer of a key file (`--key FILE`): the file must be `user`'s registered key.
    public func signer(user: String, keyFile text: String, file: String) throws -> DecisionSigner {
        let (owner, key) = try SigningKey.read(keyFile: text, file: file)
        guard owner == user else {
            throw LedgerError(.notPermitted, "\(file) is \(SafeText.visible(owner))'s key, not \(user)'s", at: SourceLocation(file: file))
        }
        return try DecisionSigner(user: user, key: key, store: store)
    }

    /// Checks a sign-in: the same nil for an unknown user, a user without a password and a
    /// wrong password (bcrypt runs in every case, so the time does not tell them apart either),
    /// each audited. A signed-in person's key opens with their password, when sealed with it.
    public func login(name: String, password: String) throws -> SignedInPerson? {
        let user = name.utf8.count <= 64 ? store.group.user(name) : nil
        let hash = try user.flatMap { try store.passwordHash(user: $0.name) }
        let bounded = password.utf8.count <= Self.passwordLength.upperBound
        let matches = Bcrypt.verify(bounded ? password : "", hash: hash ?? Self.decoyHash) && hash != nil && bounded
        guard let user, matches else {
            try store.recordAccess(.loginFailed, name: name, detail: "unknown user or wrong password")
            return nil
        }
        var signer: DecisionSigner?
        if let key = try store.currentKey(user: user.name), let sealed = key.sealedPrivateKey, let salt = key.kdfSalt, let rounds = key.kdfRounds {
            signer = try? DecisionSigner(user: user.name, key: SigningKey.open(sealed: sealed, password: password, salt: salt, rounds: rounds),
                                         store: store)
        }
        try store.recordAccess(.login, name: user.name, detail: signer == nil ? "no signing key" : "signing key \(signer!.keyID) opened")
        return SignedInPerson(user: user, signer: signer)
    }

    public func logout(user: String) throws {
        try store.recordAccess(.logout, name: user)
    }

    /// A hash no password matches, checked when the user is unknown so that answering takes as long.
    static let decoyHash = Bcrypt.hash("decoy: no user has this password", cost: defaultBcryptCost)

    /// Records that `user` opened the evidence of `task`'s latest version (the web's approve waits for it).
    public func openEvidence(period: PeriodID, task: String, user: String) throws {
        let shown = try show(task: task, period: period)
        try store.recordEvidenceOpened(run: try run(of: period), task: task, version: shown.version, user: user)
    }

    public func evidenceOpened(period: PeriodID, task: String, version: Int, user: String) throws -> Bool {
        try store.evidenceOpened(run: try run(of: period), task: task, version: version, user: user)
    }
}
