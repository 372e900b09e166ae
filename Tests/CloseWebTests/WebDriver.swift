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

    /// Starts chromedriver and a browser session. On a loaded two-core machine either may fail
    /// to come up (a port taken between choosing and binding, chromium slow to start): each
    /// attempt is cleaned up and retried on a new port, and the last failure says what happened.
    static func start() async throws -> WebDriver? {
        guard let chromium = locate("chromium"), let chromedriver = locate("chromedriver") else { return nil }
        var lastFailure: any Error = Failure(description: "chromedriver did not start")
        for attempt in 1...3 {
            do {
                return try await start(chromedriver: chromedriver, chromium: chromium, port: try freePort())
            } catch {
                lastFailure = Failure(description: "attempt \(attempt): \(error)")
                FileHandle.standardError.write(Data("webdriver: \(lastFailure), retrying\n".utf8))
            }
        }
        throw lastFailure
    }

    /// A port the kernel reports free just now (bound to port 0, then released): unlike a
    /// random pick, it is not one a connection of the test run is using.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "bind: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func start(chromedriver: String, chromium: String, port: Int) async throws -> WebDriver {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromedriver)
        process.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let driver = WebDriver(process: process, port: port)
        do {
            // Up to 60 s for chromedriver to listen; one that exited will not.
            var listening = false
            for _ in 0..<300 where !listening {
                guard process.isRunning else { throw Failure(description: "chromedriver exited (status \(process.terminationStatus)) on port \(port)") }
                listening = (try? await driver.call("GET", "/status")) != nil
                if !listening { try await Task.sleep(nanoseconds: 200_000_000) }
            }
            guard listening else { throw Failure(description: "chromedriver did not listen on port \(port) within 60 s") }
            let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": [
                "browserName": "chrome",
                "goog:chromeOptions": ["binary": chromium,
                                       "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-crash-reporter", "--disable-breakpad", "--window-size=1400,1100"]],
            ]]]
            let created = try await driver.call("POST", "/session", capabilities)
            guard let value = created["value"] as? [String: Any], let id = value["sessionId"] as? String else {
                throw Failure(description: "chromedriver started no session: \(created)")
            }
            driver.sessionID = id
            return driver
        } catch {
            driver.quit()
            throw error
        }
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
        let reply: (status: Int, body: Data)
        do {
            reply = try RawHTTP.request(method, port: port, path: path, body: payload)
        } catch {
            // Say whether chromedriver is gone (and how), not only that the port refused.
            let state = driver.isRunning ? "running" : "exited with status \(driver.terminationStatus)"
            throw Failure(description: "\(method) \(path): \(error) (chromedriver \(state))")
        }
        let json = (try? JSONSerialization.jsonObject(with: reply.body)) as? [String: Any] ?? [:]
        if let value = json["value"] as? [String: Any], let error = value["error"] as? String {
            throw Failure(description: "\(method) \(path): \(error): \(value["message"] ?? "")")
        }
        return json
    }
}
