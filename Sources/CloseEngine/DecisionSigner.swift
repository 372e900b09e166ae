import Foundation
import Governance
import LedgerCore
import LedgerStore

/// A person ready to sign their decisions: their name, their private key and the id the
/// ledger gave its public half. The CLI makes one from a key file (`--key FILE`), the web from
/// the key sealed with the password at login. Checked against the registered key when made,
/// so a wrong key file is refused before anything is decided.
public struct DecisionSigner: Sendable {
    public let user: String
    public let keyID: Int64
    let key: SigningKey

    /// The signer for `user` holding `key`, refused unless `key` is the user's registered key now.
    public init(user: String, key: SigningKey, store: LedgerStore) throws {
        guard let registered = try store.currentKey(user: user) else {
            throw LedgerError(.notPermitted, "\(user) has no registered signing key; `close users keygen \(user)` makes one",
                              at: SourceLocation(field: "--key"))
        }
        guard registered.publicKey == key.publicKey else {
            throw LedgerError(.notPermitted, "this key is not \(user)'s registered signing key (key \(registered.id)); use the key file `close users keygen` wrote last",
                              at: SourceLocation(field: "--key"))
        }
        self.user = user
        self.keyID = registered.id
        self.key = key
    }

    /// Signs `record` as a decision on the proposal whose hash is `proposalHashHex`, at `time`.
    func sign(_ record: DecisionRecord, proposalHashHex: String, at time: String) throws -> DecisionSignature {
        guard record.user == user else {
            throw LedgerError(.notPermitted, "a key of \(user) cannot sign a decision of \(record.user)", at: SourceLocation(field: "--key"))
        }
        let payload = DecisionSignaturePayload(proposalHashHex: proposalHashHex, task: record.task, version: record.version,
                                               verdict: record.kind, user: record.user, reason: record.reason, signedAt: time)
        return DecisionSignature(keyID: keyID, signedAt: time, signature: try key.sign(payload))
    }
}
