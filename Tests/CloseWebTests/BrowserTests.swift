import CloseEngine
import Foundation
import Testing

/// The pages in headless Chromium (Debian's chromium and chromium-driver, over WebDriver), as
/// a controller and an auditor use them. Screenshots of the inbox, a task page and the
/// dashboard go to docs/screenshots/. Without chromium these tests fail, saying so: they never
/// pass by skipping.
extension WebSuites {
    @Suite(.serialized) struct BrowserTests {
        static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        static func screenshot(_ name: String) -> String { repository.appendingPathComponent("docs/screenshots/\(name).png").path }

        /// A server and a browser for one test; nil (with the failure recorded) when chromium is missing.
        static func browser(_ body: (WebDriver, WebTestServer) async throws -> Void) async throws {
            let server = try await WebTestServer.start()
            defer { server.stop() }
            guard let browser = try await WebDriver.start() else {
                let message = "BROWSER TESTS NOT RUN: chromium and chromedriver are not installed (apt-get install chromium chromium-driver; .ci/run does)"
                print(message)
                Issue.record(Comment(rawValue: message))
                return
            }
            defer { browser.quit() }
            try await body(browser, server)
        }

        static func signIn(_ browser: WebDriver, _ server: WebTestServer, as user: String) async throws {
            try await browser.open(server.base + "/login")
            try await browser.type("#user", user)
            try await browser.type("#password", WebDemo.password)
            try await browser.click("#sign-in")
            // The sign-in answers with a redirect: wait for the inbox before going elsewhere.
            for _ in 0..<300 where !(try await browser.url().hasSuffix("/inbox")) {
                try await Task.sleep(nanoseconds: 100_000_000)
            }
        }

        static let task = "bank-reconciliation/US01/1000"
        static func taskURL(_ server: WebTestServer, _ task: String) -> String {
            server.base + "/task?period=2026-05&task=" + task.replacingOccurrences(of: "/", with: "%2F")
        }

        @Test func aControllerOpensTheEvidenceApprovesAndSeesTheDashboardChange() async throws {
            try await Self.browser { browser, server in
                try await Self.signIn(browser, server, as: "bob")
                #expect(try await browser.url().hasSuffix("/inbox"))
                #expect(try await browser.text("h1") == "Inbox")
                try await browser.screenshot(to: Self.screenshot("inbox"))

                try await browser.open(server.base + "/dashboard")
                let cell = "a[data-task='\(Self.task)']"
                #expect(try await browser.text(cell) == "proposed")

                try await browser.open(server.base + "/inbox")
                try await browser.click("a[href*='US01%2F1000']")
                #expect(try await browser.text("h1") == Self.task)
                #expect(try await browser.isEnabled("#approve") == false, "approve waits for the evidence")
                try await browser.click("#open-evidence")
                #expect(try await browser.text("#message") == "Evidence opened (recorded).")
                #expect(try await browser.text("#difference").hasSuffix("0.00 USD"))
                #expect(try await browser.isEnabled("#approve"))
                try await browser.screenshot(to: Self.screenshot("task"))
                try await browser.click("#approve")
                #expect(try await browser.text("#message").contains("the task is done"))
                #expect(try await browser.text("#task-state") == "done")
                #expect(try await browser.text("#decisions").contains("signed with key"))

                try await browser.open(server.base + "/dashboard")
                #expect(try await browser.text(cell) == "done")
                try await browser.screenshot(to: Self.screenshot("dashboard"))
            }
        }

        @Test func aControllerRejectsWithAReason() async throws {
            try await Self.browser { browser, server in
                try await Self.signIn(browser, server, as: "bob")
                try await browser.open(Self.taskURL(server, "accruals/US01"))
                try await browser.type("#reject-reason", "the goods receipt of May 28 is missing its invoice check")
                try await browser.click("#reject")
                #expect(try await browser.text("#task-state") == "rejected")
                #expect(try await browser.text("#decisions").contains("the goods receipt of May 28 is missing its invoice check"))
            }
        }

        @Test func anOverrideWithAnUnbalancedEntryIsRefused() async throws {
            try await Self.browser { browser, server in
                try await Self.signIn(browser, server, as: "bob")
                try await browser.open(Self.taskURL(server, Self.task))
                try await browser.click("#override-section summary")
                _ = try await browser.execute("document.getElementById('override-entries').value = ''")
                try await browser.type("#override-entries", "1,US01,2026-05-05,6400,65.80,,USD,Bank charges\n1,US01,2026-05-05,1000,,60.00,USD,Bank charges")
                try await browser.type("#override-reason", "the fee was 60.00")
                try await browser.click("#override")
                #expect(try await browser.text("#error").contains("Override refused"))
                #expect(try await browser.text("#task-state") == "proposed")
                #expect(try await browser.text("#versions").contains("v2") == false, "no new version")
            }
        }

        @Test func aScriptInABankReferenceIsShownAsText() async throws {
            try await Self.browser { browser, server in
                try await Self.signIn(browser, server, as: "bob")
                try await browser.open(Self.taskURL(server, Self.task))
                #expect(try await browser.text("#entries").contains(WebTestServer.hostileReference))
                #expect(try await browser.execute("return document.scripts.length") as? Int == 0)
            }
        }

        @Test func aPostWithoutTheCSRFTokenIsRefused() async throws {
            try await Self.browser { browser, server in
                try await Self.signIn(browser, server, as: "bob")
                try await browser.open(Self.taskURL(server, Self.task))
                _ = try await browser.execute("document.querySelector('#reject-form input[name=csrf]').remove()")
                try await browser.type("#reject-reason", "forged")
                try await browser.click("#reject")
                #expect(try await browser.text("#error").contains("CSRF token is missing or wrong"))
                try await browser.open(Self.taskURL(server, Self.task))
                #expect(try await browser.text("#task-state") == "proposed")
            }
        }

        @Test func theAuditorSeesNoDecisionButton() async throws {
            try await Self.browser { browser, server in
                try await Self.signIn(browser, server, as: "dave")
                try await browser.open(Self.taskURL(server, Self.task))
                #expect(try await browser.text("h1") == Self.task)
                for button in ["#approve", "#reject", "#defer", "#override", "#open-evidence"] {
                    #expect(try await browser.find(button) == nil, "\(button)")
                }
                try await browser.open(server.base + "/inbox")
                #expect(try await browser.find("#bulk-approve") == nil)
            }
        }
    }
}
