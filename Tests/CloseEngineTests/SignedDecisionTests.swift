import Foundation
import GRDB
import Testing
import Governance
import LedgerCore
import LedgerStore
@testable import CloseEngine
@testable import LedgerStore

/// People, not claims (issue 17): signatures over decisions, checked when written and by
/// `close audit verify`; `signatures: required`; one decision of two at once.
@Suite struct SignedDecisionTests {
    static let period = try! PeriodID(parsing: "2026-05")
    static let task = "bank-reconciliation/US01/1000"

    /// The web demo (cut-off approved, the rest waiting) at `path`, with cheap bcrypt and PBKDF2.
    static func ledger(at path: String? = nil) throws -> LedgerStore {
        var counter: UInt8 = 0
        return try WebDemo.prepare(at: path, clock: .fixed("2026-06-01T09:00:00Z"), rounds: 1_000, bcryptCost: 4) {
            counter += 1
            return [UInt8](repeating: counter, count: 16)
        }
    }

    static func signer(_ store: LedgerStore, _ user: String, key: SigningKey) throws -> DecisionSigner {
        let session = CloseSession(store: store)
        _ = try session.registerKey(user: user, key: key, password: WebDemo.password, salt: [UInt8](repeating: 9, count: 16), rounds: 1_000)
        return try DecisionSigner(user: user, key: key, store: store)
    }

    static func approve(_ store: LedgerStore, _ user: String, signer: DecisionSigner?, task: String = task) throws -> String {
        try CloseSession(store: store).decide(period: period, task: task,
                                              choice: .decide(.approve, user: user, reason: "checked", afterHours: 1, secondUser: nil), signer: signer)
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("signed-\(UUID().uuidString).db").path
    }

    @Test func aSignedDecisionVerifiesAgainstTheKeyRegisteredThen() throws {
        let store = try Self.ledger()
        let key = SigningKey.generate()
        let signer = try Self.signer(store, "bob", key: key)
        _ = try Self.approve(store, "bob", signer: signer)
        // A later key vouches for later decisions only; the earlier signature still verifies.
        _ = try Self.signer(store, "bob", key: .generate())
        let audit = try store.verifyAudit()
        #expect(audit.isIntact, "\(audit.firstProblem ?? "")")
        #expect(audit.signaturesChecked == 1)
        let decision = try #require(try store.decisions(of: try CloseSession(store: store).run(of: Self.period)).last)
        #expect(decision.signature?.keyID == signer.keyID)
    }

    @Test func aKeyThatIsNotTheUsersRegisteredKeyIsRefused() throws {
        let store = try Self.ledger()
        _ = try Self.signer(store, "bob", key: .generate())
        #expect(throws: LedgerError.self) { try DecisionSigner(user: "bob", key: .generate(), store: store) }
        let aliceKey = SigningKey.generate()
        let alice = try Self.signer(store, "alice", key: aliceKey)
        // Alice's key does not sign a decision of Bob's.
        #expect(throws: LedgerError.self) { try Self.approve(store, "bob", signer: alice) }
        // A key file names its owner: Alice's file is no key of Bob's.
        #expect(throws: LedgerError.self) {
            try CloseSession(store: store).signer(user: "bob", keyFile: aliceKey.keyFile(user: "alice"), file: "alice.key")
        }
    }

    @Test func unsignedDecisionsAreRefusedWhereSignaturesAreRequired() throws {
        let store = try Self.ledger()
        let session = CloseSession(store: store)
        try session.setPolicy(PolicyFile.defaultText + "signatures: required\n", file: "policy.yaml", user: "carol", reason: "signed decisions from now on")
        let before = try store.verifyAudit().eventsChecked
        #expect {
            try Self.approve(store, "bob", signer: nil)
        } throws: { error in
            (error as? LedgerError)?.code == .notPermitted && "\(error)".contains("signatures: required")
        }
        #expect(try store.verifyAudit().eventsChecked == before, "a refused decision writes nothing")
        _ = try Self.approve(store, "bob", signer: try Self.signer(store, "bob", key: .generate()))
        #expect(try store.verifyAudit().signaturesChecked == 1)
    }

    @Test func theStoreRefusesAnUnsignedDecisionUnderAPinnedPolicyThatRequiresSignatures() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Self.ledger(at: path)
        let run = try CloseSession(store: store).run(of: Self.period)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO policy_signatures_required (version) VALUES (?)", arguments: [run.policyVersion]) }
        try queue.close()
        #expect(throws: LedgerError.self) {
            try store.recordDecision(DecisionRecord(task: Self.task, version: 1, kind: "defer", user: "bob", reason: "later", atHour: 30), of: run)
        }
    }

    @Test func aForgedSignatureFailsAuditVerify() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Self.ledger(at: path)
        _ = try Self.approve(store, "bob", signer: try Self.signer(store, "bob", key: .generate()))
        #expect(try store.verifyAudit().isIntact)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER decision_signature_no_update")
            // Another key's signature over the same bytes: well formed, not Bob's.
            try db.execute(sql: "UPDATE decision_signature SET signature = ?", arguments: [Data(repeating: 7, count: 64)])
        }
        try queue.close()
        let reopened = try LedgerStore.open(at: path)
        let audit = try reopened.verifyAudit()
        #expect(audit.firstProblem?.contains("decision_signature") == true, "\(audit.firstProblem ?? "intact")")
        // Under the seals, the signature itself: not Bob's over this decision.
        var result = AuditVerification()
        let problem = try reopened.read { db in try LedgerStore.verifySignatures(db, result: &result) }
        #expect(problem?.contains("signature does not verify against bob's key") == true, "\(problem ?? "verified")")
    }

    @Test func aMissingSignatureFailsAuditVerifyWhereSignaturesAreRequired() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try Self.ledger(at: path)
        let session = CloseSession(store: store)
        try session.setPolicy(PolicyFile.defaultText + "signatures: required\n", file: "policy.yaml", user: "carol", reason: "signed decisions")
        _ = try Self.approve(store, "bob", signer: try Self.signer(store, "bob", key: .generate()))
        let run = try session.run(of: Self.period)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            // The run's own pinned version is marked as requiring signatures, and the signature cut away.
            try db.execute(sql: "INSERT OR IGNORE INTO policy_signatures_required (version) VALUES (?)", arguments: [run.policyVersion])
            try db.execute(sql: "DROP TRIGGER decision_signature_no_delete")
            try db.execute(sql: "DELETE FROM decision_signature")
        }
        try queue.close()
        let reopened = try LedgerStore.open(at: path)
        let audit = try reopened.verifyAudit()
        #expect(audit.firstProblem?.contains("decision_signature") == true, "\(audit.firstProblem ?? "intact")")
        var result = AuditVerification()
        let problem = try reopened.read { db in try LedgerStore.verifySignatures(db, result: &result) }
        #expect(problem?.contains("is not signed, though policy v") == true, "\(problem ?? "verified")")
    }

    @Test func twoPeopleDecidingAtOnceExactlyOneCounts() throws {
        let store = try Self.ledger()
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let user = index == 0 ? "bob" : "carol"
            let kind: DecisionKind = index == 0 ? .approve : .reject
            do {
                _ = try CloseSession(store: store).decide(period: Self.period, task: Self.task,
                                                          choice: .decide(kind, user: user, reason: "at once", afterHours: 1, secondUser: nil))
                outcomes.add("ok")
            } catch {
                outcomes.add("\(error)")
            }
        }
        let results = outcomes.all
        #expect(results.filter { $0 == "ok" }.count == 1, "\(results)")
        #expect(results.contains { $0.contains("meanwhile") || $0.contains("not waiting for a decision") }, "\(results)")
        let run = try CloseSession(store: store).run(of: Self.period)
        #expect(try store.decisions(of: run).filter { $0.task == Self.task }.count == 1)
        #expect(try store.verifyAudit().isIntact)
    }

    @Test func aDecisionOnAVersionReplacedMeanwhileIsAConflict() throws {
        let store = try Self.ledger()
        #expect {
            try CloseSession(store: store).decide(period: Self.period, task: Self.task,
                                                  choice: .decide(.approve, user: "bob", reason: "", afterHours: 1, secondUser: nil), seenVersion: 7)
        } throws: { ($0 as? LedgerError)?.code == .conflict }
    }

    @Test func approvingOnTheWebWaitsForTheEvidenceToBeOpened() throws {
        let store = try Self.ledger()
        let session = CloseSession(store: store)
        let approve = HumanChoice.decide(.approve, user: "bob", reason: "", afterHours: 1, secondUser: nil)
        #expect(throws: LedgerError.self) { try session.decide(period: Self.period, task: Self.task, choice: approve, requireEvidence: true) }
        try session.openEvidence(period: Self.period, task: Self.task, user: "bob")
        _ = try session.decide(period: Self.period, task: Self.task, choice: approve, requireEvidence: true)
        #expect(try session.status(period: Self.period).tasks.first { $0.task == Self.task }?.state == "done")
    }

    @Test func signInAnswersAlikeForAnUnknownUserAndAWrongPasswordAndAuditsEach() throws {
        let store = try Self.ledger()
        let session = CloseSession(store: store)
        #expect(try session.login(name: "mallory", password: WebDemo.password) == nil)
        #expect(try session.login(name: "bob", password: "wrong password") == nil)
        let bob = try #require(try session.login(name: "bob", password: WebDemo.password))
        #expect(bob.user.name == "bob" && bob.signer != nil, "Bob's key opens with his password")
        try session.logout(user: "bob")
        let dave = try #require(try session.login(name: "dave", password: WebDemo.password))
        #expect(dave.signer == nil, "the auditor has no key: he decides nothing")
        let run = try session.run(of: Self.period)
        _ = run
        #expect(try store.verifyAudit().isIntact)
    }

    @Test func passwordsAreStoredAsBcryptHashesOnly() throws {
        let store = try Self.ledger()
        let hash = try #require(try store.passwordHash(user: "bob"))
        #expect(hash.hasPrefix("$2") && hash.count == 60 && !hash.contains(WebDemo.password))
        #expect(throws: LedgerError.self) { try CloseSession(store: store).setPassword(user: "bob", password: "short", cost: 4) }
        #expect(throws: LedgerError.self) { try CloseSession(store: store).setPassword(user: "system", password: "long enough", cost: 4) }
    }
}

/// Results gathered from concurrent threads.
private final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String] = []
    func add(_ value: String) { lock.lock(); values.append(value); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return values }
}

/// Invariant 2 at the door: an override's entries are checked as every posting is when the
/// override is made, not first when it is approved.
@Suite struct OverrideEntriesTests {
    @Test func anOverrideWithAnUnbalancedEntryIsRefusedWhenMade() throws {
        let store = try SignedDecisionTests.ledger()
        let session = CloseSession(store: store)
        var edited = try session.show(task: SignedDecisionTests.task, period: SignedDecisionTests.period).proposal
        edited.entries[0].lines[0].amount -= 1  // a cent off: unbalanced
        #expect {
            try session.decide(period: SignedDecisionTests.period, task: SignedDecisionTests.task,
                               choice: .override(user: "bob", reason: "the fee differs", edited: edited, afterHours: 1))
        } throws: { ($0 as? LedgerError)?.code == .unbalanced }
        #expect(try session.show(task: SignedDecisionTests.task, period: SignedDecisionTests.period).version == 1)
    }
}
