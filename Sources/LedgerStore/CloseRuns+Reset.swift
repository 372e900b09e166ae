import GRDB
import LedgerCore

extension LedgerStore {
    /// Sends a task back to `pending`, so the engine prepares it again: a done step whose
    /// inputs changed after its approval (`task.decertified`), or a waiting lock whose
    /// dependency went back (`task.reset`). Audited with the reason, in one transaction.
    /// Only the engine does this, and only for a running close.
    public func resetTask(_ task: String, of run: CloseRunRecord, kind: String, reason: String) throws {
        guard kind == "task.decertified" || kind == "task.reset" else {
            preconditionFailure("resetTask is for task.decertified or task.reset, not \(kind)")
        }
        try transaction { db in
            let state = try String.fetchOne(db, sql: "SELECT state FROM close_task WHERE run = ? AND task = ?", arguments: [run.id, task])
            guard let state, state == CloseTaskState.done.rawValue || state == CloseTaskState.proposed.rawValue else {
                throw LedgerError(.invalidTransition, "task \(task) is \(state ?? "unknown"); only a done or waiting task goes back to pending")
            }
            let running = try String.fetchOne(db, sql: "SELECT state FROM close_run WHERE id = ?", arguments: [run.id])
            guard running == "running" else {
                throw LedgerError(.invalidTransition, "the close of \(run.period) is closed; its tasks do not change any more")
            }
            try db.execute(sql: "UPDATE close_task SET state = 'pending', done_at_hour = NULL WHERE run = ? AND task = ?",
                           arguments: [run.id, task])
            var audit = try AuditAppender(db, clock: clock)
            try audit.append(db, actor: "system", kind: kind, subject: task, payload: "from=\(state) reason=\(reason)")
        }
    }
}
