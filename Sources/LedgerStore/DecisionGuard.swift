import Crypto
import Foundation
import GRDB
import LedgerCore

/// What every human decision must satisfy when it is written, checked inside its transaction
/// whatever front sent it: the task still waits on this very version (so of two people deciding
/// at once exactly one counts), nobody decided it since the decider looked, and the signature,
/// where there is one or the run's policy requires one, is the decider's, by the key registered
/// last, over what is being stored.
enum DecisionGuard {
    static func check(_ decision: DecisionRecord, run: CloseRunRecord, _ db: Database) throws {
        guard decision.kind != LedgerStore.autonomousKind else { return }
        try checkStillWaiting(decision, run: run, db)
        let required = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM policy_signatures_required WHERE version = ?)",
                                         arguments: [run.policyVersion]) ?? false
        guard let signature = decision.signature else {
            guard !required else {
                throw LedgerError(.notPermitted, "policy v\(run.policyVersion) requires signed decisions (signatures: required): \(decision.user) must sign with their registered key (`--key FILE`, from `close users keygen \(decision.user)`)",
                                  at: SourceLocation(field: "--key"))
            }
            return
        }
        try checkSignature(signature, of: decision, run: run, db)
    }

    private static func checkStillWaiting(_ decision: DecisionRecord, run: CloseRunRecord, _ db: Database) throws {
        let state = try String.fetchOne(db, sql: "SELECT state FROM close_task WHERE run = ? AND task = ?", arguments: [run.id, decision.task])
        let latest = try Int.fetchOne(db, sql: "SELECT max(version) FROM proposal WHERE run = ? AND task = ?", arguments: [run.id, decision.task])
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM decision WHERE run = ? AND task = ? AND version = ?",
                                     arguments: [run.id, decision.task, decision.version]) ?? 0
        guard state == CloseTaskState.proposed.rawValue, latest == decision.version,
              decision.decisionsSeen.map({ $0 == count }) ?? true else {
            throw LedgerError(.conflict, "\(decision.task) v\(decision.version) was decided by someone else meanwhile (it is now \(state ?? "unknown"), latest version v\(latest ?? 0)); your \(decision.kind) was not recorded: look at the task again",
                              at: SourceLocation(field: "TASK"))
        }
    }

    private static func checkSignature(_ signature: DecisionSignature, of decision: DecisionRecord, run: CloseRunRecord, _ db: Database) throws {
        guard let key = try Row.fetchOne(db, sql: "SELECT id, public_key FROM user_key WHERE user = ? ORDER BY id DESC LIMIT 1",
                                         arguments: [decision.user]) else {
            throw LedgerError(.notPermitted, "\(decision.user) has no registered signing key; `close users keygen \(decision.user)` makes one",
                              at: SourceLocation(field: "--key"))
        }
        guard (key["id"] as Int64) == signature.keyID else {
            throw LedgerError(.notPermitted, "the decision is signed with key \(signature.keyID), but \(decision.user)'s registered key is \(key["id"] as Int64)",
                              at: SourceLocation(field: "--key"))
        }
        let hash = try Data.fetchOne(db, sql: "SELECT hash FROM proposal WHERE run = ? AND task = ? AND version = ?",
                                     arguments: [run.id, decision.task, decision.version]) ?? Data()
        let payload = DecisionSignaturePayload(proposalHashHex: Hex.encode(Array(hash)), task: decision.task, version: decision.version,
                                               verdict: decision.kind, user: decision.user, reason: decision.reason, signedAt: signature.signedAt)
        guard SignatureCheck.isValid(signature.signature, of: payload, publicKey: Array(key["public_key"] as Data)) else {
            throw LedgerError(.notPermitted, "the signature is not \(decision.user)'s over this decision (key \(signature.keyID)); nothing was recorded",
                              at: SourceLocation(field: "--key"))
        }
    }
}

/// Ed25519 verification of a decision's payload (the one place the store checks a signature).
enum SignatureCheck {
    static func isValid(_ signature: [UInt8], of payload: DecisionSignaturePayload, publicKey: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: payload.bytes)
    }
}
