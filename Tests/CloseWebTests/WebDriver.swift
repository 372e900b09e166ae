import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Headless Chromium driven over the W3C WebDriver protocol by Debian's chromedriver: the
/// browser tests click, type and read as a person does. `start` returns nil, and says why,
/// only when chromium or chromedriver is missing (`.ci/run` installs both).
final class WebDriver: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { var description: String }

    private let driver: Process
    private let endpoint: String
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
        let driver = WebDriver(process: process, endpoint: "http://127.0.0.1:\(port)")
        for _ in 0..<100 {  // up to 10 s for chromedriver to listen
            if (try? await driver.call("GET", "/status")) != nil { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:chromeOptions": ["binary": chromium,
                                   "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1100"]],
        ]]]
        let created = try await driver.call("POST", "/session", capabilities)
        guard let value = created["value"] as? [String: Any], let id = value["sessionId"] as? String else {
            driver.quit()
            throw Failure(description: "chromedriver started no session: \(created)")
        }
        driver.sessionID = id
        return driver
    }

    private init(process: Process, endpoint: String) {
        self.driver = process
        self.endpoint = endpoint
    }

    func quit() {
        if !sessionID.isEmpty {
            let semaphore = DispatchSemaphore(value: 0)
            var request = URLRequest(url: URL(string: "\(endpoint)/session/\(sessionID)")!)
            request.httpMethod = "DELETE"
            URLSession.shared.dataTask(with: request) { _, _, _ in semaphore.signal() }.resume()
            _ = semaphore.wait(timeout: .now() + 10)
        }
        driver.terminate()
        driver.waitUntilExit()
    }

    // MARK: What a test does

    func open(_ url: String) async throws { _ = try await session("POST", "/url", ["url": url]) }

    /// The element of `css`, or nil when the page has none.
    func find(_ css: String) async throws -> String? {
        let found = try await session("POST", "/elements", ["using": "css selector", "value": css])
        let elements = found["value"] as? [[String: Any]] ?? []
        return elements.first?.values.first as? String
    }

    func element(_ css: String) async throws -> String {
        guard let id = try await find(css) else { throw Failure(description: "no element \(css) on \(try await url())") }
        return id
    }

    func type(_ css: String, _ text: String) async throws {
        _ = try await session("POST", "/element/\(try await element(css))/value", ["text": text])
    }

    func click(_ css: String) async throws {
        _ = try await session("POST", "/element/\(try await element(css))/click", [:])
    }

    func text(_ css: String) async throws -> String {
        try await session("GET", "/element/\(try await element(css))/text")["value"] as? String ?? ""
    }

    func isEnabled(_ css: String) async throws -> Bool {
        try await session("GET", "/element/\(try await element(css))/enabled")["value"] as? Bool ?? false
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

    private func session(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        try await call(method, "/session/\(sessionID)\(path)", body)
    }

    private func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: endpoint + path)!)
        request.httpMethod = method
        request.timeoutInterval = 60
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        let data: Data = try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, _, error in
                if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: data ?? Data()) }
            }.resume()
        }
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        if let value = json["value"] as? [String: Any], let error = value["error"] as? String {
            throw Failure(description: "\(method) \(path): \(error): \(value["message"] ?? "")")
        }
        return json
    }
}
