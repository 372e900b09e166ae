import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small HTTP client for the tests: keeps cookies, never follows redirects (so a test sees
/// the 303 and its Set-Cookie), and reads hidden form fields out of pages.
final class HTTPTestClient: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    private var cookies: [String: String] = [:]
    private let lock = NSLock()
    private lazy var session: URLSession = {
        // Generous: on a loaded CI machine a page can take long; a hang still ends the test.
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 300
        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }()
    let base: String

    init(base: String) {
        self.base = base
    }

    func get(_ path: String) async throws -> Reply {
        try await send(URLRequest(url: URL(string: base + path)!))
    }

    /// POSTs form fields (percent-encoded here).
    func post(_ path: String, _ fields: [(String, String)]) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        request.httpBody = Data(fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&").utf8)
        return try await send(request)
    }

    func postRaw(_ path: String, body: Data) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        return try await send(request)
    }

    /// Signs in through the form, as a browser would.
    func signIn(_ user: String, password: String) async throws -> Reply {
        let page = try await get("/login")
        return try await post("/login", [("csrf", Self.hidden("csrf", in: page.body) ?? ""), ("user", user), ("password", password)])
    }

    private func send(_ original: URLRequest) async throws -> Reply {
        var request = original
        let cookieHeader = lock.withLock { cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if !cookieHeader.isEmpty { request.setValue(cookieHeader, forHTTPHeaderField: "Cookie") }
        let (data, response) = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Data, URLResponse), any Error>) in
            session.dataTask(with: request) { data, response, error in
                if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: (data ?? Data(), response!)) }
            }.resume()
        }
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers[String(describing: key).lowercased()] = String(describing: value) }
        for cookie in (headers["set-cookie"] ?? "").components(separatedBy: ", ") where cookie.contains("=") {
            let pair = cookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            lock.withLock { cookies[String(pair[0]).trimmingCharacters(in: .whitespaces)] = pair.count > 1 ? String(pair[1]) : "" }
        }
        return Reply(status: http.statusCode, headers: headers, body: String(decoding: data, as: UTF8.self))
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    /// The value of the first hidden input named `name` in `html`.
    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
