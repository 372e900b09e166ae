import LedgerCore
import Yams

/// A YAML mapping read strictly: only the keys a format names (a typo is an error, never a
/// silently ignored key), each value of the expected kind, and every error placed at the
/// file, the YAML line and the field path (`accounts[3].type`, indexes from 0).
/// Text values are taken exactly as written: `code: 1000` is the text "1000" and
/// `country: NO` is "NO", whatever YAML 1.1 would make of them.
struct YAMLMapping {
    let file: String
    /// "" for the document root, else e.g. "entities[1]".
    let path: String
    private let line: Int?
    private let entries: [String: (key: Node, value: Node)]

    init(_ node: Node, path: String, file: String, keys allowed: [String]) throws(LedgerError) {
        self.file = file
        self.path = path
        self.line = node.mark?.line
        guard let mapping = node.mapping else {
            let what = path.isEmpty ? "the document" : path
            throw LedgerError(.invalidGroup, "\(what) must be a mapping with the keys \(allowed.joined(separator: ", ")); found \(Self.kind(of: node))",
                              at: SourceLocation(file: file, line: node.mark?.line, field: path.isEmpty ? nil : path))
        }
        var entries: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            let name = key.scalar?.string ?? "?"
            guard key.scalar != nil, allowed.contains(name) else {
                let field = path.isEmpty ? name : "\(path).\(name)"
                throw LedgerError(.invalidGroup, "unknown key '\(name)'; expected one of \(allowed.joined(separator: ", "))",
                                  at: SourceLocation(file: file, line: key.mark?.line ?? node.mark?.line, field: field))
            }
            entries[name] = (key, value)  // Yams already refuses a repeated key
        }
        self.entries = entries
    }

    func has(_ key: String) -> Bool { entries[key] != nil }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The line of the key's value, or of the mapping when the key is absent.
    func line(of key: String) -> Int? { entries[key]?.value.mark?.line ?? keyLine(of: key) }

    /// The line of the key itself (a list value starts on the line after its key).
    func keyLine(of key: String) -> Int? { entries[key]?.key.mark?.line ?? line }

    func failure(_ key: String, _ message: String, code: LedgerError.Code = .invalidGroup) -> LedgerError {
        LedgerError(code, message, at: SourceLocation(file: file, line: line(of: key), field: fieldPath(key)))
    }

    /// A required, non-empty text value.
    func text(_ key: String) throws(LedgerError) -> String {
        guard let value = try optionalText(key) else {
            throw failure(key, "missing '\(key)'; expected a text value")
        }
        return value
    }

    /// Absent or null is nil; an empty string is refused (leave the key out instead).
    func optionalText(_ key: String) throws(LedgerError) -> String? {
        guard let node = entries[key]?.value, !Self.isNull(node) else { return nil }
        guard let scalar = node.scalar else {
            throw failure(key, "'\(key)' must be a text value; found \(Self.kind(of: node))")
        }
        guard !scalar.string.isEmpty else { throw failure(key, "'\(key)' is empty; expected a text value") }
        return scalar.string
    }

    /// `true` or `false`, nothing else (YAML 1.1's yes/no/on/off are refused as ambiguous).
    func flag(_ key: String, default defaultValue: Bool = false) throws(LedgerError) -> Bool {
        guard let text = try optionalText(key) else { return defaultValue }
        switch text {
        case "true": return true
        case "false": return false
        default: throw failure(key, "'\(key)' must be true or false; found '\(text)'")
        }
    }

    func integer(_ key: String, default defaultValue: Int) throws(LedgerError) -> Int {
        guard let text = try optionalText(key) else { return defaultValue }
        guard let value = Int(text) else { throw failure(key, "'\(key)' must be a whole number; found '\(text)'") }
        return value
    }

    func currency(_ key: String) throws(LedgerError) -> Currency {
        let code = try text(key)
        do {
            return try Currency(code)
        } catch {
            throw failure(key, error.message, code: error.code)
        }
    }

    /// One of a closed set of words, e.g. an account type or a role.
    func choice<Value: RawRepresentable & CaseIterable>(_ key: String, as type: Value.Type) throws(LedgerError) -> Value
    where Value.RawValue == String {
        let text = try text(key)
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw failure(key, "'\(key)' must be one of \(allowed); found '\(text)'")
        }
        return value
    }

    /// A required list; an element is returned with its own field path.
    func list(_ key: String) throws(LedgerError) -> [(node: Node, path: String)] {
        guard let node = entries[key]?.value else { throw failure(key, "missing '\(key)'; expected a list") }
        guard let sequence = node.sequence else {
            throw failure(key, "'\(key)' must be a list; found \(Self.kind(of: node))")
        }
        return sequence.enumerated().map { index, element in (element, "\(fieldPath(key))[\(index)]") }
    }

    private static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    static func kind(of node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let scalar): "'\(scalar.string)'"
        case .alias: "an alias"
        }
    }
}
