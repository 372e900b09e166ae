import Crypto
import Foundation
import GRDB
import LedgerCore

/// The states of a task of a close run.
public enum CloseTaskState: String, Sendable, Codable, CaseIterable {
    case pending, proposed, done, rejected
}

public struct CloseRunRecord: Sendable, Equatable {
    public var id: Int64
    public var period: PeriodID
    public var template: String
    public var policyVersion: Int
    public var isClosed: Bool
    public var startedBy: String
    public var owner: String?
}

public struct CloseTaskRecord: Sendable, Equatable {
    public var task: String
    public var kind: String
    public var agent: String
    public var position: Int
    public var dependsOn: [String]
    /// Simulated hours the task's preparation takes.
    public var hours: Int
    public var state: CloseTaskState
    public var doneAtHour: Int?

    public init(task: String, kind: String, agent: String, position: Int, dependsOn: [String], hours: Int,
                state: CloseTaskState = .pending, doneAtHour: Int? = nil) {
        self.task = task
        self.kind = kind
        self.agent = agent
        self.position = position
        self.dependsOn = dependsOn
        self.hours = hours
        self.state = state
        self.doneAtHour = doneAtHour
    }
}

/// One stored proposal version: its canonical JSON text and hash, and the approval route.
public struct ProposalRecord: Sendable, Equatable {
    public var task: String
    public var version: Int
    public var preparedBy: String
    public var payload: String
    public var route: String
    /// Simulated hour at which the proposal was ready for a decision.
    public var readyAtHour: Int

    public init(task: String, version: Int, preparedBy: String, payload: String, route: String, readyAtHour: Int) {
        self.task = task
        self.version = version
        self.preparedBy = preparedBy
        self.payload = payload
        self.route = route
        self.readyAtHour = readyAtHour
    }

    /// SHA-256 of the payload: the proposal hash, stored and audited.
    public var hash: [UInt8] { Array(SHA256.hash(data: Array(payload.utf8))) }
    public var hashHex: String { Hex.encode(hash) }
}

public struct DecisionRecord: Sendable, Equatable {
    public var task: String
    public var version: Int
    public var kind: String
    public var user: String
    public var reason: String
    public var atHour: Int
    /// The decider's signature, when they signed (always, where the policy requires it).
    public var signature: DecisionSignature?
    /// How many decisions of this task version the decider saw: a decision written after
    /// another one landed meanwhile is a conflict, never a second verdict (two people at once).
    public var decisionsSeen: Int?

    public init(task: String, version: Int, kind: String, user: String, reason: String, atHour: Int,
                signature: DecisionSignature? = nil, decisionsSeen: Int? = nil) {
        self.task = task
        self.version = version
        self.kind = kind
        self.user = user
        self.reason = reason
        self.atHour = atHour
        self.signature = signature
        self.decisionsSeen = decisionsSeen
    }
}

/// A period change an approved proposal makes.
public struct PeriodChange: Sendable, Equatable {
    public var entity: String
    public var period: PeriodID
    public var target: PeriodState

    public init(entity: String, period: PeriodID, target: PeriodState) {
        self.entity = entity
        self.period = period
        self.target = target
    }
}

extension LedgerStore {
    // MARK: Policy

    /// The newest policy version and its YAML text, if any was stored.
    public func currentPolicy() throws -> (version: Int, text: String)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT version, text FROM policy_version ORDER BY version DESC LIMIT 1")
                .map { ($0["version"], $0["text"]) }
        }
    }

    /// The text of one stored policy version (a run keeps the version it started with).
    public func policy(version: Int) throws -> String {
        try read { db in
            guard let text = try String.fetchOne(db, sql: "SELECT text FROM policy_version WHERE version = ?", arguments: [version]) else {
                throw LedgerError(.databaseState, "policy v\(version) is not in the ledger")
            }
            return text
        }
    }

    /// Stores a new policy version (the caller has parsed it and checked the group can
    /// satisfy it), audited with its hash. Changing who may approve what is itself governed:
    /// the CFO only, with a reason, here below every front so no caller can skip it.
    /// The same text as the current version stores nothing and returns that version.
    @discardableResult
    public func setPolicy(_ text: String, actor: String, reason: String, signaturesRequired: Bool = false) throws -> Int {
        try requireWriter(actor)
        guard let role = group.user(actor)?.role, role == .cfo else {
            let role = group.user(actor)?.role.rawValue ?? "user"
            let cfos = group.users.filter { $0.role == .cfo }.map(\.name)
            throw LedgerError(.notPermitted, "\(actor) is a \(role); only the CFO changes the approval policy (the group's CFO: \(cfos.isEmpty ? "nobody" : cfos.joined(separator: ", ")))",
                              at: SourceLocation(field: "--as"))
        }
        let reason = reason.trimmingWhitespace
        guard !reason.isEmpty else {
            throw LedgerError(.notPermitted, "a policy change needs a reason", at: SourceLocation(field: "--reason"))
        }
        return try storePolicy(text, actor: actor, reason: reason, signaturesRequired: signaturesRequired)
    }

    /// The engine's own act of storing the default policy as version 1 of a ledger that has
    /// none yet (when it is created, or the first close starts on an older ledger). Never a
    /// change: once a version exists, only `setPolicy` adds one.
    @discardableResult
    public func storeDefaultPolicy(_ text: String) throws -> Int {
        if let current = try currentPolicy() { return current.version }
        return try storePolicy(text, actor: "system", reason: "default policy")
    }

    private func storePolicy(_ text: String, actor: String, reason: String, signaturesRequired: Bool = false) throws -> Int {
        try transaction { db in
            let current = try Row.fetchOne(db, sql: "SELECT version, text FROM policy_version ORDER BY version DESC LIMIT 1")
            if let current, (current["text"] as String) == text { return current["version"] }
            let version = ((current?["version"] as Int?) ?? 0) + 1
            let hash = Array(SHA256.hash(data: Array(text.utf8)))
            try db.execute(sql: "INSERT INTO policy_version (version, text, hash, set_by, reason) VALUES (?, ?, ?, ?, ?)",
                           arguments: [version, text, Data(hash), actor, reason])
            // The store keeps no parsed policy, but `close audit verify` must know which
            // versions refuse unsigned decisions: the engine, which parsed it, says so here.
            if signaturesRequired {
                try db.execute(sql: "INSERT INTO policy_signatures_required (version) VALUES (?)", arguments: [version])
            }
            var audit = try AuditAppender(db, clock: clock)
            try audit.append(db, actor: actor, kind: "policy.changed", subject: "policy v\(version)",
                             payload: "hash=\(Hex.encode(hash)) reason=\(reason)" + (signaturesRequired ? " signatures=required" : ""))
            return version
        }
    }

    // MARK: Runs

    public func closeRun(period: PeriodID) throws -> CloseRunRecord? {
        try read { db in try Self.run(period: period, db) }
    }

    /// The close runs of the periods before `period`, oldest first (the engine reads their
    /// approved proposals for entries that must be reversed when a later close starts).
    public func closeRuns(before period: PeriodID) throws -> [CloseRunRecord] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT period FROM close_run WHERE period < ? ORDER BY period", arguments: [period.description])
                .compactMap { try Self.run(period: try PeriodID(parsing: $0), db) }
        }
    }

    /// The period of the newest close run (the web's default period), or nil.
    public func latestRunPeriod() throws -> PeriodID? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT period FROM close_run ORDER BY period DESC LIMIT 1").map { try PeriodID(parsing: $0) }
        }
    }

    static func run(period: PeriodID, _ db: Database) throws -> CloseRunRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM close_run WHERE period = ?", arguments: [period.description]).map { row in
            CloseRunRecord(id: row["id"], period: period, template: row["template"], policyVersion: row["policy_version"],
                           isClosed: (row["state"] as String) == "closed", startedBy: row["started_by"], owner: row["owner"])
        }
    }

    /// Starts the close run of `period` with its expanded tasks, owned by `owner`.
    public func startRun(period: PeriodID, template: String, tasks: [CloseTaskRecord], policyVersion: Int,
                         actor: String, owner: String) throws -> CloseRunRecord {
        try requireWriter(actor, allowsSystem: true)
        return try transaction { db in
            guard try Self.run(period: period, db) == nil else {
                throw LedgerError(.databaseState, "the close of \(period) has already started; `close run` resumes it")
            }
            try db.execute(sql: """
                INSERT INTO close_run (period, template, policy_version, state, started_by, owner) VALUES (?, ?, ?, 'running', ?, ?)
                """, arguments: [period.description, template, policyVersion, actor, owner])
            let id = db.lastInsertedRowID
            for task in tasks {
                try db.execute(sql: """
                    INSERT INTO close_task (run, task, kind, agent, position, depends_on, hours, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')
                    """, arguments: [id, task.task, task.kind, task.agent, task.position, task.dependsOn.joined(separator: " "), task.hours])
            }
            var audit = try AuditAppender(db, clock: clock)
            try audit.append(db, actor: actor, kind: "run.started", subject: "close \(period)",
                             payload: "tasks=\(tasks.count) policy=v\(policyVersion) template=\(Hex.encode(Array(SHA256.hash(data: Array(template.utf8)))))")
            return try Self.run(period: period, db)!
        }
    }

    /// Takes the run for `owner`. Refused while another live process holds it: two runs of
    /// one period never interleave. Not audited: who holds the run is not a change of books.
    public func claimRun(_ run: CloseRunRecord, owner: String, isAlive: (String) -> Bool) throws {
        try transaction { db in
            let current = try String.fetchOne(db, sql: "SELECT owner FROM close_run WHERE id = ?", arguments: [run.id])
            if let current, current != owner, isAlive(current) {
                throw LedgerError(.databaseState, "the period \(run.period) is being closed by another run (\(current)); wait for it to finish or stop it")
            }
            try db.execute(sql: "UPDATE close_run SET owner = ? WHERE id = ?", arguments: [owner, run.id])
        }
    }

    public func releaseRun(_ run: CloseRunRecord, owner: String) throws {
        try transaction { db in
            try db.execute(sql: "UPDATE close_run SET owner = NULL WHERE id = ? AND owner = ?", arguments: [run.id, owner])
        }
    }

    public func tasks(of run: CloseRunRecord) throws -> [CloseTaskRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM close_task WHERE run = ? ORDER BY position", arguments: [run.id]).map { row in
                let depends = (row["depends_on"] as String).split(separator: " ").map(String.init)
                return CloseTaskRecord(task: row["task"], kind: row["kind"], agent: row["agent"], position: row["position"],
                                       dependsOn: depends, hours: row["hours"],
                                       state: CloseTaskState(rawValue: row["state"]) ?? .pending, doneAtHour: row["done_at_hour"])
            }
        }
    }

    public func proposals(of run: CloseRunRecord) throws -> [ProposalRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM proposal WHERE run = ? ORDER BY task, version", arguments: [run.id]).map(Self.proposal)
        }
    }

    /// The versions of one task's proposal, in order: what `proposals(of:)` filtered by task
    /// gives, without reading every other task's payload (a large close's are megabytes each).
    public func proposals(of run: CloseRunRecord, task: String) throws -> [ProposalRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM proposal WHERE run = ? AND task = ? ORDER BY version", arguments: [run.id, task])
                .map(Self.proposal)
        }
    }

    private static func proposal(_ row: Row) -> ProposalRecord {
        ProposalRecord(task: row["task"], version: row["version"], preparedBy: row["prepared_by"], payload: row["payload"],
                       route: row["route"], readyAtHour: row["ready_at_hour"])
    }

    public func decisions(of run: CloseRunRecord) throws -> [DecisionRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.*, s.key, s.signed_at, s.signature FROM decision d LEFT JOIN decision_signature s ON s.decision = d.id
                WHERE d.run = ? ORDER BY d.id
                """, arguments: [run.id]).map { row in
                DecisionRecord(task: row["task"], version: row["version"], kind: row["kind"], user: row["user"],
                               reason: row["reason"], atHour: row["at_hour"],
                               signature: (row["key"] as Int64?).map { key in
                                   DecisionSignature(keyID: key, signedAt: row["signed_at"], signature: Array(row["signature"] as Data))
                               })
            }
        }
    }

    /// Stores a proposal version and moves its task to `proposed`, audited with the hash and route.
    public func saveProposal(_ proposal: ProposalRecord, of run: CloseRunRecord) throws {
        try transaction { db in
            var audit = try AuditAppender(db, clock: clock)
            try Self.insert(proposal, run: run, db, &audit)
        }
    }

    /// An override in one transaction: the decision and the edited proposal it makes the
    /// next version. Either both are stored or, when anything fails, neither.
    public func recordOverride(_ decision: DecisionRecord, proposal: ProposalRecord, of run: CloseRunRecord) throws {
        try requireWriter(decision.user)
        try transaction { db in
            var audit = try AuditAppender(db, clock: clock)
            try Self.insert(decision, run: run, db, &audit)
            try Self.insert(proposal, run: run, db, &audit)
        }
    }

    private static func insert(_ proposal: ProposalRecord, run: CloseRunRecord, _ db: Database, _ audit: inout AuditAppender) throws {
        try db.execute(sql: """
            INSERT INTO proposal (run, task, version, prepared_by, payload, hash, route, ready_at_hour) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [run.id, proposal.task, proposal.version, proposal.preparedBy, proposal.payload,
                             Data(proposal.hash), proposal.route, proposal.readyAtHour])
        try db.execute(sql: "UPDATE close_task SET state = 'proposed' WHERE run = ? AND task = ?", arguments: [run.id, proposal.task])
        try audit.append(db, actor: proposal.preparedBy, kind: "proposal.prepared", subject: proposal.task,
                         payload: "version=\(proposal.version) hash=\(proposal.hashHex)")
        try audit.append(db, actor: "agent:approval-router", kind: "proposal.routed", subject: proposal.task,
                         payload: "version=\(proposal.version) route=\(proposal.route)")
    }

    /// Records a decision that commits nothing (a defer, a first of two approvals, a
    /// rejection). A rejection ends the task.
    public func recordDecision(_ decision: DecisionRecord, of run: CloseRunRecord, escalation: String? = nil) throws {
        try requireWriter(decision.user)
        try transaction { db in
            var audit = try AuditAppender(db, clock: clock)
            try Self.escalate(decision, escalation, db, &audit)
            try Self.insert(decision, run: run, db, &audit)
            if decision.kind == "reject" {
                try db.execute(sql: "UPDATE close_task SET state = 'rejected', done_at_hour = ? WHERE run = ? AND task = ?",
                               arguments: [decision.atHour, run.id, decision.task])
            }
        }
    }

    /// Commits an approved proposal in one transaction: the deciding approval, its entries
    /// (posted with every check, by the approver), its period changes, and the task done.
    /// A task already done commits nothing: a resumed run never posts twice. An agent
    /// commits alone only as `post-within-limits` (the policy's autonomy; the engine checks it).
    @discardableResult
    public func commitProposal(_ approval: DecisionRecord, of run: CloseRunRecord, entries: [JournalEntryDraft],
                               periodChanges: [PeriodChange], escalation: String? = nil) throws -> PostingSummary {
        if approval.kind == Self.autonomousKind {
            guard approval.user.hasPrefix("agent:") else {
                throw LedgerError(.notPermitted, "only an agent posts within limits; \(approval.user) decides as a human", at: SourceLocation(field: "--as"))
            }
        } else {
            try requireWriter(approval.user)
        }
        return try transaction { db in
            let state = try String.fetchOne(db, sql: "SELECT state FROM close_task WHERE run = ? AND task = ?",
                                            arguments: [run.id, approval.task])
            guard state == CloseTaskState.proposed.rawValue else {
                throw LedgerError(.invalidTransition, "task \(approval.task) is \(state ?? "unknown"), not waiting for a decision")
            }
            var audit = try AuditAppender(db, clock: clock)
            try Self.escalate(approval, escalation, db, &audit)
            try Self.insert(approval, run: run, db, &audit)
            var summary = PostingSummary()
            if !entries.isEmpty {
                var poster = try Poster(db, store: self, actor: approval.user)
                try poster.postAll(entries, db)
                try poster.finish(db, batch: "\(approval.task) v\(approval.version)")
                summary = poster.summary
            }
            audit = try AuditAppender(db, clock: clock)
            for change in periodChanges {
                _ = try PeriodStates.move([change.entity], change.period, to: change.target, actor: approval.user,
                                          reason: "close task \(approval.task)", db, &audit)
            }
            try db.execute(sql: "UPDATE close_task SET state = 'done', done_at_hour = ? WHERE run = ? AND task = ?",
                           arguments: [approval.atHour, run.id, approval.task])
            try audit.append(db, actor: approval.user, kind: "task.done", subject: approval.task,
                             payload: "version=\(approval.version) entries=\(summary.entriesPosted) periods=\(periodChanges.count) hour=\(approval.atHour)")
            return summary
        }
    }

    /// The decision kind of a step an agent committed alone, within the policy's limit.
    public static let autonomousKind = "post-within-limits"

    /// Marks the run closed once its lock task is done.
    public func finishRun(_ run: CloseRunRecord, actor: String) throws {
        try transaction { db in
            try db.execute(sql: "UPDATE close_run SET state = 'closed', owner = NULL WHERE id = ?", arguments: [run.id])
            var audit = try AuditAppender(db, clock: clock)
            try audit.append(db, actor: actor, kind: "run.closed", subject: "close \(run.period)", payload: "run=\(run.id)")
        }
    }

    /// An overdue decision's escalated route, audited with the decision it preceded, in the
    /// same transaction (so a resumed run records it exactly once).
    private static func escalate(_ decision: DecisionRecord, _ escalation: String?, _ db: Database, _ audit: inout AuditAppender) throws {
        guard let escalation else { return }
        try audit.append(db, actor: "agent:approval-router", kind: "proposal.escalated", subject: decision.task,
                         payload: "version=\(decision.version) hour=\(decision.atHour) route=\(escalation)")
    }

    private static func insert(_ decision: DecisionRecord, run: CloseRunRecord, _ db: Database, _ audit: inout AuditAppender) throws {
        try DecisionGuard.check(decision, run: run, db)
        try db.execute(sql: """
            INSERT INTO decision (run, task, version, kind, user, reason, at_hour) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [run.id, decision.task, decision.version, decision.kind, decision.user, decision.reason, decision.atHour])
        let id = db.lastInsertedRowID
        let signed = decision.signature.map { " signed=key\($0.keyID)" } ?? ""
        try audit.append(db, actor: decision.user, kind: "decision.\(decision.kind)", subject: decision.task,
                         payload: "version=\(decision.version) hour=\(decision.atHour) reason=\(decision.reason)" + signed)
        if let signature = decision.signature {
            try db.execute(sql: "INSERT INTO decision_signature (decision, key, signed_at, signature, seq) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, signature.keyID, signature.signedAt, Data(signature.signature), audit.lastSeq])
        }
    }
}
