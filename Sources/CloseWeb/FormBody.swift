import Foundation
import Hummingbird
import LedgerCore

/// An `application/x-www-form-urlencoded` body, read within bounds: at most `WebLimits` bytes
/// and fields, each value valid UTF-8 without control characters (but the line breaks a
/// text area sends, where allowed). Anything else is refused before it reaches the engine.
struct FormBody {
    private var fields: [String: [String]] = [:]

    static func read(_ request: Request, context: WebContext, multiline: Set<String> = []) async throws -> FormBody {
        var request = request
        let buffer = try await request.collectBody(upTo: WebLimits.bodyBytes)
        return try parse(String(buffer: buffer), multiline: multiline)
    }

    static func parse(_ text: String, multiline: Set<String> = []) throws -> FormBody {
        var form = FormBody()
        let pairs = text.split(separator: "&", omittingEmptySubsequences: true)
        guard pairs.count <= WebLimits.fields else { throw WebError.badRequest("too many form fields") }
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else {
                throw WebError.badRequest("a form field is not valid percent-encoded UTF-8")
            }
            guard value.utf8.count <= WebLimits.fieldBytes else { throw WebError.badRequest("the field '\(name.prefix(40))' is too long") }
            let checked = multiline.contains(name) ? value.replacingOccurrences(of: "\r\n", with: "\n") : value
            let allowed = multiline.contains(name) ? checked.replacingOccurrences(of: "\n", with: " ") : checked
            do {
                try SafeText.check(allowed, field: name)
                try SafeText.check(name, field: "field name")
            } catch {
                throw WebError.badRequest("control characters are refused in '\(SafeText.visible(String(name.prefix(40))))'")
            }
            form.fields[name, default: []].append(checked)
        }
        return form
    }

    private static func decode(_ part: Substring) -> String? {
        part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    subscript(_ name: String) -> String? { fields[name]?.first }
    func all(_ name: String) -> [String] { fields[name] ?? [] }
}

/// What a request did wrong, or what stopped it, as a status and a message for the page.
enum WebError: Error {
    case badRequest(String)
    case forbidden(String)
    case notFound(String)
    case tooManyRequests(String)

    var status: HTTPResponse.Status {
        switch self {
        case .badRequest: .badRequest
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .tooManyRequests: .tooManyRequests
        }
    }

    var message: String {
        switch self {
        case let .badRequest(text), let .forbidden(text), let .notFound(text), let .tooManyRequests(text): text
        }
    }
}
