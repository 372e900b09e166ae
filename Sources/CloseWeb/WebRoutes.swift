import CloseEngine
import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerStore
import NIOCore

/// The routes: each parses the request, calls `CloseSession`, renders a page. No rule of the
/// close lives here; what the engine refuses is shown as its message.
struct WebRoutes: Sendable {
    let store: LedgerStore
    let clock: WebClock
    let sessions: WebSessions
    let throttle: LoginThrottle

    init(store: LedgerStore, clock: WebClock) {
        self.store = store
        self.clock = clock
        self.sessions = WebSessions(clock: clock)
        self.throttle = LoginThrottle(clock: clock)
    }

    static let sessionCookie = "close_session"
    static let loginCookie = "close_login"

    func register(on router: Router<WebContext>) {
        router.get("/") { _, _ in Response.redirect(to: "/inbox", type: .found) }
        router.get("/login") { request, _ in try await loginPage(request) }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { request, context in try await guarded(request, context) { session, _ in try await logout(session) } }
        router.get("/inbox") { request, context in try await signedIn(request) { session in try await inbox(request, session) } }
        router.get("/task") { request, context in try await signedIn(request) { session in try await taskPage(request, session) } }
        router.get("/dashboard") { request, context in try await signedIn(request) { session in try await dashboard(request, session) } }
        router.post("/task/evidence") { request, context in try await guarded(request, context) { session, form in try await openEvidence(form, session) } }
        router.post("/task/decide") { request, context in try await guarded(request, context) { session, form in try await decide(form, session) } }
        router.post("/task/override", use: { request, context in
            try await guarded(request, context, multiline: ["entries"]) { session, form in try await override(form, session) }
        })
        router.post("/bulk-approve") { request, context in try await guarded(request, context) { session, form in try await bulkApprove(form, session) } }
    }

    // MARK: Sessions and forms

    /// A page for a signed-in person, or the sign-in page.
    func signedIn(_ request: Request, _ body: (WebSession) async throws -> Response) async throws -> Response {
        guard let session = await sessions.find(request.cookies[Self.sessionCookie]?.value) else {
            return Response.redirect(to: "/login", type: .found)
        }
        return try await run { try await body(session) }
    }

    /// A form posted by a signed-in person, with the session's CSRF token, else refused (403).
    func guarded(_ request: Request, _ context: WebContext, multiline: Set<String> = [],
                 _ body: (WebSession, FormBody) async throws -> Response) async throws -> Response {
        guard let session = await sessions.find(request.cookies[Self.sessionCookie]?.value) else {
            return page(Layout.page("Signed out", session: nil, body: "<p><a href=\"/login\">Sign in</a> again.</p>",
                                    error: "Your session has ended or never began; nothing was done."), status: .unauthorized)
        }
        return try await run {
            let form = try await FormBody.read(request, context: context, multiline: multiline)
            guard let token = form["csrf"], tokensMatch(token, session.csrf) else {
                throw WebError.forbidden("The form's CSRF token is missing or wrong; nothing was done. Reload the page and try again.")
            }
            return try await body(session, form)
        }
    }

    /// Maps what went wrong to a page with its status; never a stack trace, never raw text.
    func run(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as WebError {
            return page(Layout.page("Refused", session: nil, body: "<p><a href=\"/inbox\">Back to the inbox</a></p>", error: error.message), status: error.status)
        } catch let error as LedgerError {
            return page(Layout.page("Refused", session: nil, body: "<p><a href=\"/inbox\">Back to the inbox</a></p>", error: error.description),
                        status: Self.status(of: error))
        }
    }

    static func status(of error: LedgerError) -> HTTPResponse.Status {
        switch error.code {
        case .conflict: .conflict
        case .notPermitted: .forbidden
        case .unknownEntry: .notFound
        default: .unprocessableContent
        }
    }

    func page(_ html: String, status: HTTPResponse.Status = .ok, cookies: [String] = []) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// Session cookies: unreadable by scripts, never sent from another site, gone when the session would expire.
    static func cookie(_ name: String, _ value: String, maxAge: Int) -> String {
        "\(name)=\(value); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)"
    }

    /// The period a page is about: `?period=`, else the newest close run.
    func period(_ request: Request) async throws -> PeriodID? {
        if let text = request.uri.queryParameters["period"].map(String.init), !text.isEmpty {
            return try PeriodID(parsing: text)
        }
        let store = self.store
        return try await blocking { try CloseSession(store: store).latestPeriod() }
    }

    func formPeriod(_ form: FormBody) throws -> PeriodID {
        guard let text = form["period"] else { throw WebError.badRequest("the form names no period") }
        return try PeriodID(parsing: text)
    }
}
