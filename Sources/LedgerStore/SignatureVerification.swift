import Foundation
import GRDB
import LedgerCore

extension LedgerStore {
    /// `close audit verify`'s check of the signed decisions: every signature verifies, over the
    /// decision as stored and the hash of the proposal version it decided, against the key its
    /// decider had registered last before the decision's audit event (a key registered later
    /// vouches for nothing earlier); and where the run's pinned policy requires signatures, no
    /// human decision lacks one. Returns the first problem, naming the decision.
    static func verifySignatures(_ db: Database, result: inout AuditVerification) throws -> String? {
        var keys: [Int64: (user: String, publicKey: [UInt8], seq: Int64)] = [:]
        var keysOfUser: [String: [(id: Int64, seq: Int64)]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, user, public_key, registered_seq FROM user_key ORDER BY id") {
            let id: Int64 = row["id"], user: String = row["user"], seq: Int64 = row["registered_seq"]
            keys[id] = (user, Array(row["public_key"] as Data), seq)
            keysOfUser[user, default: []].append((id, seq))
        }
        let required = Set(try Int.fetchAll(db, sql: "SELECT version FROM policy_signatures_required"))
        let rows = try Row.fetchAll(db, sql: """
            SELECT d.id, d.run, d.task, d.version, d.kind, d.user, d.reason, r.policy_version, p.hash,
                   s.key, s.signed_at, s.signature, s.seq
            FROM decision d
            JOIN close_run r ON r.id = d.run
            JOIN proposal p ON p.run = d.run AND p.task = d.task AND p.version = d.version
            LEFT JOIN decision_signature s ON s.decision = d.id
            ORDER BY d.id
            """)
        for row in rows {
            let id: Int64 = row["id"], user: String = row["user"], kind: String = row["kind"], policyVersion: Int = row["policy_version"]
            let place = "decision \(id) (run \(row["run"] as Int64), task \(row["task"] as String))"
            guard let keyID = row["key"] as Int64? else {
                if required.contains(policyVersion) && kind != autonomousKind {
                    return "\(place) is not signed, though policy v\(policyVersion) of its run requires signed decisions"
                }
                continue
            }
            guard let key = keys[keyID], key.user == user else {
                return "\(place) is signed with key \(keyID), which is not \(user)'s"
            }
            let seq: Int64 = row["seq"]
            let inForce = keysOfUser[user, default: []].filter { $0.seq < seq }.max { $0.seq < $1.seq }
            guard inForce?.id == keyID else {
                return "\(place) is signed with key \(keyID), which was not \(user)'s registered key when the decision was made"
            }
            let payload = DecisionSignaturePayload(proposalHashHex: Hex.encode(Array(row["hash"] as Data)), task: row["task"],
                                                   version: row["version"], verdict: kind, user: user, reason: row["reason"],
                                                   signedAt: row["signed_at"])
            guard SignatureCheck.isValid(Array(row["signature"] as Data), of: payload, publicKey: key.publicKey) else {
                return "\(place): its signature does not verify against \(user)'s key \(keyID); the decision or its signature was forged or edited"
            }
            result.signaturesChecked += 1
        }
        return nil
    }
}
