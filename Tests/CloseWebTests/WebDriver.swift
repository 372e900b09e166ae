import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium driven over the W3C WebDriver protocol by Debian's chromedriver: the
/// browser tests click, type and read as a person does. `start` returns nil, and says why,
/// only when chromium or chromedriver is missing (`.ci/run` installs both).
final class WebDriver: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { var description: String }

    private let driver: Process
    private let port: Int
    private var sessionID = ""

    static func locate(_ name: String) -> String? {
        ["/usr/bin/\(name)", "/usr/local/bin/\(name)", "/usr/lib/chromium/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func start(port: Int) async throws -> WebDriver? {
        guard let chromium = locate("chromium"), let chromedriver = locate("chromedriver") else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromedriver)
        process.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let driver = WebDriver(process: process, port: port)
        for _ in 0..<100 {  // up to 10 s for chromedriver to listen
            if (try? await driver.call("GET", "/status")) != nil { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:chromeOptions": ["binary": chromium,
                                   "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-crash-reporter", "--disable-breakpad", "--window-size=1400,1100"]],
        ]]]
        let created: [String: Any]
        do {
            created = try await driver.call("POST", "/session", capabilities)
        } catch {
            driver.quit()
            throw error
        }
        guard let value = created["value"] as? [String: Any], let id = value["sessionId"] as? String else {
            driver.quit()
            throw Failure(description: "chromedriver started no session: \(created)")
        }
        driver.sessionID = id
        return driver
    }

    private init(process: Process, port: Int) {
        self.driver = process
        self.port = port
    }

    func quit() {
        trace("quit: DELETE session")
        if !sessionID.isEmpty {
            _ = try? RawHTTP.request("DELETE", port: port, path: "/session/\(sessionID)")
        }
        trace("quit: terminate chromedriver")
        driver.terminate()
        // Not waitUntilExit: it spins a run loop and, on a concurrency thread, may never return.
        // chromedriver may shrug SIGTERM off; the browser is closed by then, so it is killed.
        for _ in 0..<20 where driver.isRunning { usleep(50_000) }
        if driver.isRunning { kill(driver.processIdentifier, SIGKILL) }
        trace("quit: done")
    }

    // MARK: What a test does

    func open(_ url: String) async throws { _ = try await session("POST", "/url", ["url": url]) }

    /// The element of `css`, or nil when the page has none.
    func find(_ css: String) async throws -> String? {
        let found = try await session("POST", "/elements", ["using": "css selector", "value": css])
        let elements = found["value"] as? [[String: Any]] ?? []
        return elements.first?.values.first as? String
    }

    /// The element of `css`, waiting up to 30 s for it (a page still loading on a busy machine);
    /// a failure shows what the page said instead.
    func element(_ css: String) async throws -> String {
        for _ in 0..<150 {
            if let id = try await find(css) { return id }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        let page = try await source()
        let text = page.components(separatedBy: "<body>").last.map { String($0.prefix(1_500)) } ?? ""
        throw Failure(description: "no element \(css) on \(try await url()): \(text)")
    }

    func type(_ css: String, _ text: String) async throws {
        _ = try await session("POST", "/element/\(try await element(css))/value", ["text": text])
    }

    /// Clicks, then waits (up to 10 s) for the page the click loads: a link or a form's button
    /// replaces the document, and an element read before that would be the old page's, or
    /// stale by the time it is read (seen on a busy CI machine).
    func click(_ css: String) async throws {
        let before = try await find("html")
        _ = try await session("POST", "/element/\(try await element(css))/click", [:])
        for _ in 0..<50 {
            let now = try? await find("html")
            if let now, now != before { return }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
    }

    func text(_ css: String) async throws -> String {
        try await retryingStale { try await self.session("GET", "/element/\(try await self.element(css))/text")["value"] as? String ?? "" }
    }

    func isEnabled(_ css: String) async throws -> Bool {
        try await retryingStale { try await self.session("GET", "/element/\(try await self.element(css))/enabled")["value"] as? Bool ?? false }
    }

    /// An element found just as its page was replaced is stale: found again, a few times.
    private func retryingStale<T>(_ read: () async throws -> T) async throws -> T {
        for _ in 0..<10 {
            do {
                return try await read()
            } catch where "\(error)".contains("stale element") {
                try await Task.sleep(nanoseconds: 200_000_000)
            }
        }
        return try await read()
    }

    func source() async throws -> String { try await session("GET", "/source")["value"] as? String ?? "" }
    func url() async throws -> String { try await session("GET", "/url")["value"] as? String ?? "" }

    /// Runs a script in the page (WebDriver's own channel; the pages themselves carry none).
    func execute(_ script: String) async throws -> Any? {
        try await session("POST", "/execute/sync", ["script": script, "args": []])["value"]
    }

    /// A PNG of the window, written to `path`.
    func screenshot(to path: String) async throws {
        guard let base64 = try await session("GET", "/screenshot")["value"] as? String, let data = Data(base64Encoded: base64) else {
            throw Failure(description: "no screenshot")
        }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
    }

    // MARK: The protocol

    /// WEBDRIVER_TRACE=1 prints each call to standard error.
    private func trace(_ text: String) {
        if ProcessInfo.processInfo.environment["WEBDRIVER_TRACE"] != nil { FileHandle.standardError.write(Data("webdriver \(text)\n".utf8)) }
    }

    private func session(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        try await call(method, "/session/\(sessionID)\(path)", body)
    }

    private func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        trace("\(method) \(path)")
        let reply = try RawHTTP.request(method, port: port, path: path, body: payload)
        let json = (try? JSONSerialization.jsonObject(with: reply.body)) as? [String: Any] ?? [:]
        if let value = json["value"] as? [String: Any], let error = value["error"] as? String {
            throw Failure(description: "\(method) \(path): \(error): \(value["message"] ?? "")")
        }
        return json
    }
}
