/// What a person signs when they decide a close step: the proposal they saw (its hash and
/// version), their verdict, their reason, who they are and when. Signed with the decider's
/// Ed25519 key, it proves who decided, which `--as` alone never did: anyone can type a name.
///
/// A plain value here, below everyone: Governance signs it, the store checks it when a decision
/// is written and again in `close audit verify`.
///
/// The bytes are a frozen encoding (`close.decision-signature.v1`): a tag, then each field as
/// a 4-byte big-endian length and its UTF-8 bytes, so no field can run into the next.
public struct DecisionSignaturePayload: Sendable, Equatable {
    public var proposalHashHex: String
    public var task: String
    public var version: Int
    /// approve | reject | override | defer.
    public var verdict: String
    public var user: String
    public var reason: String
    /// The wall-clock time of the decision (the ledger clock's ISO 8601 text).
    public var signedAt: String

    public init(proposalHashHex: String, task: String, version: Int, verdict: String, user: String, reason: String, signedAt: String) {
        self.proposalHashHex = proposalHashHex
        self.task = task
        self.version = version
        self.verdict = verdict
        self.user = user
        self.reason = reason
        self.signedAt = signedAt
    }

    public static let tag = "close.decision-signature.v1"

    public var bytes: [UInt8] {
        var out: [UInt8] = []
        for field in [Self.tag, proposalHashHex, task, String(version), verdict, user, reason, signedAt] {
            let utf8 = Array(field.utf8)
            let count = UInt32(utf8.count)
            out += [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
            out += utf8
        }
        return out
    }
}

/// A decision's signature as it is stored beside the decision: the key it was made with
/// (the ledger's id of the registered public key), the time signed and the 64 bytes.
public struct DecisionSignature: Sendable, Equatable {
    public var keyID: Int64
    public var signedAt: String
    public var signature: [UInt8]

    public init(keyID: Int64, signedAt: String, signature: [UInt8]) {
        self.keyID = keyID
        self.signedAt = signedAt
        self.signature = signature
    }
}
