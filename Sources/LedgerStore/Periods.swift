import GRDB
import LedgerCore

/// One entity's period and its state.
public struct PeriodStatus: Sendable, Equatable {
    public var entity: String
    public var period: PeriodID
    public var state: PeriodState
    public var entryCount: Int
}

/// What a period transition did for one entity.
public struct PeriodTransition: Sendable, Equatable {
    public var entity: String
    public var from: PeriodState
    public var to: PeriodState
    /// False when the period was already in the target state.
    public var changed: Bool { from != to }
}

enum PeriodStates {
    /// Moves `period` of each entity to `target` inside the caller's transaction, auditing
    /// every change; an entity already there is left as is.
    static func move(_ entities: [String], _ period: PeriodID, to target: PeriodState, actor: String, reason: String,
                     _ db: Database, _ audit: inout AuditAppender) throws -> [PeriodTransition] {
        var transitions: [PeriodTransition] = []
        for code in entities {
            let current = try state(of: code, period, db)
            let transition = PeriodTransition(entity: code, from: current, to: target)
            transitions.append(transition)
            guard transition.changed else { continue }
            switch (current, target) {
            case (.open, .softClosed), (.softClosed, .closed), (.softClosed, .open), (.closed, .open): break
            case (.open, .closed):
                throw LedgerError(.invalidTransition, "period \(period) of \(code) is open; soft-close it before closing it")
            default:
                throw LedgerError(.invalidTransition, "period \(period) of \(code) cannot go from \(current.rawValue) to \(target.rawValue)")
            }
            try db.execute(sql: """
                INSERT INTO period (entity, period, state) VALUES (?, ?, ?)
                ON CONFLICT (entity, period) DO UPDATE SET state = excluded.state
                """, arguments: [code, period.description, target.rawValue])
            let kind = target == .open ? "period.reopened" : "period.\(target.rawValue)"
            try audit.append(db, actor: actor, kind: kind, subject: "\(code)/\(period)",
                             payload: "from=\(current.rawValue) to=\(target.rawValue) reason=\(reason)")
        }
        return transitions
    }

    /// A period without a row is open.
    static func state(of entity: String, _ period: PeriodID, _ db: Database) throws -> PeriodState {
        guard let raw = try String.fetchOne(db, sql: "SELECT state FROM period WHERE entity = ? AND period = ?",
                                            arguments: [entity, period.description]) else { return .open }
        guard let state = PeriodState(rawValue: raw) else {
            throw LedgerError(.databaseState, "period \(period) of \(entity) has unknown state '\(raw)'")
        }
        return state
    }
}

extension LedgerStore {
    /// Moves a period of one entity (or of every entity when `entity` is nil) forward to
    /// `target` (open -> soft-closed -> closed), in one transaction, auditing each change. An
    /// entity already in `target` is left as is. Refused: reopening (`reopenPeriod`, which
    /// takes a controller and the CFO), a user whose role is not in `allowedRoles` (the
    /// roles the policy gives the lock task; controller and CFO by default), and any change of
    /// a period whose close is running: that close's cut-off and lock tasks move it.
    @discardableResult
    public func setPeriodState(_ period: PeriodID, to target: PeriodState, entity: String?, actor: String,
                               reason: String? = nil, allowedRoles: Set<Role> = [.controller, .cfo]) throws -> [PeriodTransition] {
        try requireWriter(actor)
        guard target != .open else {
            throw LedgerError(.notPermitted, "a period is reopened by a controller and the CFO together: `close period reopen --period \(period) --as USER --reason TEXT`",
                              at: SourceLocation(field: "--as"))
        }
        if let role = group.user(actor)?.role, !allowedRoles.contains(role) {
            let roles = Role.allCases.filter(allowedRoles.contains).map(\.rawValue).joined(separator: ", ")
            throw LedgerError(.notPermitted, "\(actor) (\(role.rawValue)) may not \(target == .closed ? "close" : "soft-close") a period: the policy gives that to the lock task's approvers (\(roles))",
                              at: SourceLocation(field: "--as"))
        }
        let entities: [String]
        if let entity {
            guard group.entity(entity) != nil else {
                throw LedgerError(.unknownEntity, "unknown entity '\(SafeText.excerpt(entity, limit: 40))'\(NearestName.hint(for: entity, in: group.entities.map(\.code))); the group has \(group.entities.map(\.code).joined(separator: ", "))", at: SourceLocation(field: "--entity"))
            }
            entities = [entity]
        } else {
            entities = group.entities.map(\.code)
        }
        let reason = reason?.trimmingWhitespace ?? ""
        return try transaction { db in
            try Self.refuseDuringRun(period, db)
            var audit = try AuditAppender(db, clock: clock)
            return try PeriodStates.move(entities, period, to: target, actor: actor, reason: reason, db, &audit)
        }
    }

    /// While the close of `period` runs, its period states belong to that close: a direct
    /// change would go around the lock task and its approvers, and leave the run stranded.
    static func refuseDuringRun(_ period: PeriodID, _ db: Database) throws {
        guard let startedBy = try String.fetchOne(db, sql: "SELECT started_by FROM close_run WHERE period = ? AND state = 'running'",
                                                  arguments: [period.description]) else { return }
        throw LedgerError(.invalidTransition, "the close of \(period) is running (started by \(startedBy)): its cut-off and lock tasks change the period's state; see `close status --period \(period)`",
                          at: SourceLocation(field: "--period"))
    }

    /// The state of `period` for each entity (or one), with how many entries it holds.
    public func periodStatus(_ period: PeriodID, entity: String? = nil) throws -> [PeriodStatus] {
        if let entity, group.entity(entity) == nil {
            throw LedgerError(.unknownEntity, "unknown entity '\(SafeText.excerpt(entity, limit: 40))'\(NearestName.hint(for: entity, in: group.entities.map(\.code))); the group has \(group.entities.map(\.code).joined(separator: ", "))", at: SourceLocation(field: "--entity"))
        }
        let codes = entity.map { [$0] } ?? group.entities.map(\.code)
        return try read { db in
            try codes.map { code in
                let count = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM journal_entry WHERE entity = ? AND state = 'posted' AND date BETWEEN ? AND ?
                    """, arguments: [code, period.firstDay.description, period.lastDay.description]) ?? 0
                return PeriodStatus(entity: code, period: period, state: try PeriodStates.state(of: code, period, db), entryCount: count)
            }
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}

/// What a governed reopening did: asked for it (waiting for the second approver) or did it.
public enum ReopenOutcome: Sendable, Equatable {
    case requested(entities: [String], waitingFor: String)
    case reopened([PeriodTransition])
}

extension LedgerStore {
    /// Reopens a soft-closed or closed period the governed way: it needs two distinct
    /// approvers, a controller and a CFO, each giving a reason. The first asks (audited as
    /// `period.reopen-requested`); the second, in the other role, reopens (audited with both).
    public func reopenPeriod(_ period: PeriodID, entity: String?, actor: String, reason: String) throws -> ReopenOutcome {
        try requireWriter(actor)
        let reason = reason.trimmingWhitespace
        guard !reason.isEmpty else {
            throw LedgerError(.invalidTransition, "reopening a period needs a reason", at: SourceLocation(field: "--reason"))
        }
        guard let role = group.user(actor)?.role, role == .controller || role == .cfo else {
            throw LedgerError(.notPermitted, "\(actor) may not reopen a period: it takes a controller and a CFO", at: SourceLocation(field: "--as"))
        }
        if let entity, group.entity(entity) == nil {
            throw LedgerError(.unknownEntity, "unknown entity '\(SafeText.excerpt(entity, limit: 40))'\(NearestName.hint(for: entity, in: group.entities.map(\.code))); the group has \(group.entities.map(\.code).joined(separator: ", "))", at: SourceLocation(field: "--entity"))
        }
        let entities = entity.map { [$0] } ?? group.entities.map(\.code)
        let other: Role = role == .controller ? .cfo : .controller
        return try transaction { db in
            try Self.refuseDuringRun(period, db)
            var audit = try AuditAppender(db, clock: clock)
            var confirmed: [(entity: String, by: String, reason: String)] = []
            for code in entities {
                guard try PeriodStates.state(of: code, period, db) != .open else {
                    throw LedgerError(.invalidTransition, "period \(period) of \(code) is open; there is nothing to reopen")
                }
                let request = try Row.fetchOne(db, sql: "SELECT requested_by, reason FROM reopen_request WHERE entity = ? AND period = ?",
                                               arguments: [code, period.description])
                if let request, let requester = group.user(request["requested_by"]), requester.name != actor, requester.role == other {
                    confirmed.append((code, requester.name, request["reason"]))
                }
            }
            // Either every entity is confirmed by the other role, or this is (again) a request.
            guard confirmed.count == entities.count else {
                for code in entities {
                    try db.execute(sql: """
                        INSERT INTO reopen_request (entity, period, requested_by, reason) VALUES (?, ?, ?, ?)
                        ON CONFLICT (entity, period) DO UPDATE SET requested_by = excluded.requested_by, reason = excluded.reason
                        """, arguments: [code, period.description, actor, reason])
                    try audit.append(db, actor: actor, kind: "period.reopen-requested", subject: "\(code)/\(period)",
                                     payload: "role=\(role.rawValue) reason=\(reason)")
                }
                return .requested(entities: entities, waitingFor: other.rawValue)
            }
            for item in confirmed {
                try db.execute(sql: "DELETE FROM reopen_request WHERE entity = ? AND period = ?", arguments: [item.entity, period.description])
            }
            let transitions = try PeriodStates.move(entities, period, to: .open, actor: actor,
                                                    reason: "\(reason) (requested by \(confirmed[0].by): \(confirmed[0].reason))", db, &audit)
            return .reopened(transitions)
        }
    }
}
