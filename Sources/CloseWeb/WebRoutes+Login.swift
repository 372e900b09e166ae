import CloseEngine
import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerStore

/// Signing in and out. One answer for an unknown user and a wrong password; the rate limit
/// answers before bcrypt runs; each attempt and each sign-out is in the audit chain.
extension WebRoutes {
    static let unknownOrWrong = "Unknown user or wrong password."

    func loginPage(_ request: Request) async throws -> Response {
        let token = clock.token()
        return page(LoginPage.render(formToken: token), cookies: [Self.cookie(Self.loginCookie, token, maxAge: 3600)])
    }

    func login(_ request: Request, _ context: WebContext) async throws -> Response {
        try await run {
            let form = try await FormBody.read(request, context: context)
            guard let token = form["csrf"], let expected = request.cookies[Self.loginCookie]?.value, tokensMatch(token, expected) else {
                throw WebError.forbidden("The sign-in form's token is missing or wrong; reload the sign-in page.")
            }
            let name = form["user"] ?? "", password = form["password"] ?? ""
            // Refused before any password is checked, and not audited one by one: a flood of
            // attempts must not flood the audit chain (the failures that tripped it are in it).
            guard await throttle.allows(peer: context.peer, name: name) else {
                throw WebError.tooManyRequests("Too many failed sign-ins; wait a few minutes and try again.")
            }
            let store = self.store
            guard let person = try await blocking({ try CloseSession(store: store).login(name: name, password: password) }) else {
                await throttle.failed(peer: context.peer, name: name)
                let fresh = clock.token()
                return page(LoginPage.render(formToken: fresh, error: Self.unknownOrWrong), status: .unauthorized,
                            cookies: [Self.cookie(Self.loginCookie, fresh, maxAge: 3600)])
            }
            await throttle.succeeded(peer: context.peer, name: name)
            let session = await sessions.create(for: person)
            var response = Response.redirect(to: "/inbox", type: .normal)
            response.headers.append(HTTPField(name: .setCookie, value: Self.cookie(Self.sessionCookie, session.token, maxAge: Int(WebSessions.idleSeconds))))
            response.headers.append(HTTPField(name: .setCookie, value: Self.cookie(Self.loginCookie, "", maxAge: 0)))
            return response
        }
    }

    func logout(_ session: WebSession) async throws -> Response {
        await sessions.end(session.token)
        let store = self.store, user = session.person.user.name
        try await blocking { try CloseSession(store: store).logout(user: user) }
        var response = Response.redirect(to: "/login", type: .normal)
        response.headers.append(HTTPField(name: .setCookie, value: Self.cookie(Self.sessionCookie, "", maxAge: 0)))
        return response
    }
}
