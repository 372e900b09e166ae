import CloseEngine
import Foundation
import Governance
import Hummingbird
import LedgerCore
import LedgerStore

/// The inbox, the task page, the decisions and the dashboard.
extension WebRoutes {
    func inbox(_ request: Request, _ session: WebSession, message: String? = nil, error: String? = nil) async throws -> Response {
        let period = try await self.period(request)
        let entity = request.uri.queryParameters["entity"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let kind = request.uri.queryParameters["kind"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        return try await inboxPage(period: period, entity: entity, kind: kind, session, message: message, error: error)
    }

    func inboxPage(period: PeriodID?, entity: String? = nil, kind: String? = nil, _ session: WebSession,
                   message: String? = nil, error: String? = nil) async throws -> Response {
        let store = self.store, user = session.person.user.name
        let all = try await blocking { try period.map { try CloseSession(store: store).inbox(period: $0, user: user) } ?? [] }
        let shown = all.filter { (entity == nil || $0.entity == entity) && (kind == nil || $0.kind == kind) }
        return page(InboxPage.render(session: session, period: period, items: shown, all: all, entity: entity, kind: kind,
                                     currency: store.group.currency, message: message, error: error))
    }

    func taskPage(_ request: Request, _ session: WebSession) async throws -> Response {
        guard let period = try await self.period(request), let task = request.uri.queryParameters["task"].map(String.init) else {
            throw WebError.badRequest("a task page needs ?period=YYYY-MM&task=TASK")
        }
        return try await taskPage(period: period, task: task, session)
    }

    func taskPage(period: PeriodID, task: String, _ session: WebSession, message: String? = nil, error: String? = nil,
                  status: HTTPResponse.Status = .ok) async throws -> Response {
        let store = self.store, user = session.person.user.name
        let reader = !session.person.user.role.mayWrite
        let (view, opened) = try await blocking {
            let close = CloseSession(store: store)
            let version = try close.show(task: task, period: period).version
            let opened = try close.evidenceOpened(period: period, task: task, version: version, user: user)
            // The auditor reads everything: the evidence is shown to them without a record of it.
            return (try close.taskView(period: period, task: task, evidence: opened || reader), opened)
        }
        let shown = opened || reader
        return page(TaskPage.render(session: session, period: period, view: view, evidenceOpened: shown, store: store,
                                    message: message, error: error), status: status)
    }

    func openEvidence(_ form: FormBody, _ session: WebSession) async throws -> Response {
        let period = try formPeriod(form)
        guard let task = form["task"] else { throw WebError.badRequest("the form names no task") }
        let store = self.store, user = session.person.user.name
        if session.person.user.role.mayWrite {
            try await blocking { try CloseSession(store: store).openEvidence(period: period, task: task, user: user) }
        }
        return try await taskPage(period: period, task: task, session, message: "Evidence opened (recorded).")
    }

    func decide(_ form: FormBody, _ session: WebSession) async throws -> Response {
        let period = try formPeriod(form)
        guard let task = form["task"], let version = form["version"].flatMap(Int.init),
              let verdict = form["verdict"].flatMap(DecisionKind.init(rawValue:)), verdict != .override else {
            throw WebError.badRequest("a decision needs a task, the version seen and a verdict (approve, reject or defer)")
        }
        let reason = form["reason"] ?? ""
        let store = self.store, person = session.person
        do {
            let outcome = try await blocking {
                try CloseSession(store: store).decide(period: period, task: task,
                                                      choice: .decide(verdict, user: person.user.name, reason: reason, afterHours: 1, secondUser: nil),
                                                      signer: person.signer, requireEvidence: true, seenVersion: version)
            }
            return try await taskPage(period: period, task: task, session, message: outcome)
        } catch let error as LedgerError {
            return try await taskPage(period: period, task: task, session, error: error.message, status: Self.status(of: error))
        }
    }

    func override(_ form: FormBody, _ session: WebSession) async throws -> Response {
        let period = try formPeriod(form)
        guard let task = form["task"], let version = form["version"].flatMap(Int.init), let text = form["entries"] else {
            throw WebError.badRequest("an override needs a task, the version seen and the entries")
        }
        let reason = form["reason"] ?? ""
        let store = self.store, person = session.person
        do {
            let outcome = try await blocking {
                let close = CloseSession(store: store)
                let edited = try OverrideForm.apply(text, to: try close.show(task: task, period: period).proposal)
                try edited.checkLimits()
                return try close.decide(period: period, task: task,
                                        choice: .override(user: person.user.name, reason: reason, edited: edited, afterHours: 1),
                                        signer: person.signer, seenVersion: version)
            }
            return try await taskPage(period: period, task: task, session, message: outcome)
        } catch let error as LedgerError {
            return try await taskPage(period: period, task: task, session, error: "Override refused: \(error.message)", status: Self.status(of: error))
        }
    }

    func bulkApprove(_ form: FormBody, _ session: WebSession) async throws -> Response {
        let period = try formPeriod(form)
        let tasks = form.all("task")
        guard !tasks.isEmpty else { return try await inboxPage(period: period, session, error: "No task selected.") }
        let store = self.store, person = session.person
        let outcomes = try await blocking {
            try CloseSession(store: store).bulkApprove(period: period, tasks: tasks, user: person.user.name, signer: person.signer)
        }
        let text = outcomes.map { "\($0.task): \($0.outcome)" }.joined(separator: " | ")
        return try await inboxPage(period: period, session, message: text)
    }

    func dashboard(_ request: Request, _ session: WebSession) async throws -> Response {
        let period = try await self.period(request)
        let store = self.store
        let dashboard = try await blocking { try period.map { try CloseSession(store: store).dashboard(period: $0) } }
        return page(DashboardPage.render(session: session, dashboard: dashboard))
    }
}
