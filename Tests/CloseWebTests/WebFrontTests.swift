import CloseEngine
import Foundation
import LedgerCore
import LedgerStore
import Testing

/// `close serve` over real HTTP on loopback: sign-in, sessions, CSRF, the rate limit, the
/// auditor, hostile text and hostile requests. (The browser tests drive the same pages in Chromium.)
extension WebSuites {
    @Suite(.serialized) struct WebFrontTests {
        static let task = "bank-reconciliation/US01/1000"
        static let taskPath = "/task?period=2026-05&task=bank-reconciliation%2FUS01%2F1000"

        @Test func signingInSetsAStrictHttpOnlyExpiringCookieAndIsAudited() async throws {
            let server = try await WebTestServer.start()
            defer { server.stop() }
            let client = HTTPTestClient(base: server.base)
            let reply = try await client.signIn("bob", password: WebDemo.password)
            #expect(reply.status == 303 && reply.headers["location"] == "/inbox")
            let cookie = try #require(reply.headers["set-cookie"]?.components(separatedBy: ", ").first { $0.hasPrefix("close_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Max-Age=7200"))
            let inbox = try await client.get("/inbox")
            #expect(inbox.status == 200 && inbox.body.contains("tasks waiting for you") && inbox.body.contains(Self.task))
            #expect(inbox.headers["content-security-policy"]?.contains("default-src 'none'") == true)
            let out = try await client.post("/logout", [("csrf", HTTPTestClient.hidden("csrf", in: inbox.body) ?? "")])
            #expect(out.status == 303)
            #expect(try await client.get("/inbox").status == 302, "signed out: back to the sign-in page")
            #expect(try server.store.verifyAudit().isIntact)
        }

        @Test func anUnknownUserAndAWrongPasswordGetTheSameAnswer() async throws {
            let server = try await WebTestServer.start()
            defer { server.stop() }
            let unknown = try await HTTPTestClient(base: server.base).signIn("mallory", password: WebDemo.password)
            let wrong = try await HTTPTestClient(base: server.base).signIn("bob", password: "not the password")
            #expect(unknown.status == 401 && wrong.status == 401)
            func message(_ body: String) -> String? { body.components(separatedBy: "id=\"error\">").dropFirst().first?.components(separatedBy: "<").first }
            #expect(message(unknown.body) == "Unknown user or wrong password." && message(unknown.body) == message(wrong.body))
        }

        @Test func theSignInRateLimitRefusesEvenTheRightPasswordAfterFiveFailures() async throws {
            let server = try await WebTestServer.start()
            defer { server.stop() }
            let client = HTTPTestClient(base: server.base)
            for _ in 0..<5 { #expect(try await client.signIn("carol", password: "guess guess").status == 401) }
            #expect(try await client.signIn("carol", password: WebDemo.password).status == 429)
        }

        @Test func aPostWithoutTheCSRFTokenIsRefusedAndChangesNothing() async throws {
            let server = try await WebTestServer.start()
            defer { server.stop() }
            let client = HTTPTestClient(base: server.base)
            _ = try await client.signIn("bob", password: WebDemo.password)
            let before = try server.store.verifyAudit().eventsChecked
            let refused = try await client.post("/task/evidence", [("period", "2026-05"), ("task", Self.task)])
            let forged = try await client.post("/task/evidence", [("csrf", String(repeating: "0", count: 64)), ("period", "2026-05"), ("task", Self.task)])
            #expect(refused.status == 403 && forged.status == 403 && refused.body.contains("CSRF"))
            #expect(try server.store.verifyAudit().eventsChecked == before)
        }

        @Test func theAuditorSeesEverythingAndHasNoDecisionButton() async throws {
            let server = try await WebTestServer.start()
            defer { server.stop() }
            let client = HTTPTestClient(base: server.base)
            #expect(try await client.signIn("dave", password: WebDemo.password).status == 303)
            let page = try await client.get(Self.taskPath)
            #expect(page.status == 200 && page.body.contains("reconciliation-form"), "the auditor reads the evidence")
            for button in ["id=\"approve\"", "id=\"reject\"", "id=\"defer\"", "id=\"override\"", "id=\"bulk-approve\""] {
                #expect(!page.body.contains(button), "\(button)")
            }
            // And a decision posted by hand is refused by the engine.
            let decided = try await client.post("/task/decide", [("csrf", HTTPTestClient.hidden("csrf", in: page.body) ?? ""), ("period", "2026-05"),
                                                                 ("task", Self.task), ("version", "1"), ("verdict", "reject"), ("reason", "no")])
            #expect(decided.status == 403)
        }

        @Test func aScriptInABankReferenceIsShownAsText() async throws {
            let server = try await WebTestServer.start()
            defer { server.stop() }
            let client = HTTPTestClient(base: server.base)
            _ = try await client.signIn("bob", password: WebDemo.password)
            let page = try await client.get(Self.taskPath)
            #expect(page.body.contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;"))
            #expect(!page.body.contains("<script"))
        }

        @Test func hostileRequestsAreRefused() async throws {
            let server = try await WebTestServer.start()
            defer { server.stop() }
            let client = HTTPTestClient(base: server.base)
            _ = try await client.signIn("bob", password: WebDemo.password)
            let csrf = HTTPTestClient.hidden("csrf", in: try await client.get("/inbox").body) ?? ""
            let huge = try await client.postRaw("/task/decide", body: Data(("csrf=\(csrf)&reason=" + String(repeating: "x", count: 100_000)).utf8))
            #expect(huge.status == 413)
            let control = try await client.post("/task/decide", [("csrf", csrf), ("period", "2026-05"), ("task", Self.task), ("version", "1"),
                                                                 ("verdict", "reject"), ("reason", "a\u{1B}[31mred")])
            #expect(control.status == 400)
            let unknownTask = try await client.get("/task?period=2026-05&task=%3Cimg%3E")
            #expect(unknownTask.status == 404 && !unknownTask.body.contains("<img>"))
        }
    }
}
