import LedgerCore
import Yams

/// A YAML mapping read strictly: only the keys a format names (a typo is an error, never a
/// silently ignored key), each value of the expected kind, and every error placed at the
/// file, the YAML line and the field path (`accounts[3].type`, indexes from 0).
/// Text values are taken exactly as written: `code: 1000` is the text "1000" and
/// `country: NO` is "NO", whatever YAML 1.1 would make of them.
/// `package` so the scenario format (Simulation) reads YAML with the same rules.
package struct YAMLMapping {
    package let file: String
    /// "" for the document root, else e.g. "entities[1]".
    package let path: String
    /// The code of every error this mapping raises: one code per file format
    /// (`.invalidGroup` for group files, `.invalidScenario` for scenarios).
    package let code: LedgerError.Code
    /// The keys in the order written: for mappings whose keys are data (entity codes, currencies).
    package let keys: [String]
    private let line: Int?
    private let entries: [String: (key: Node, value: Node)]

    /// `allowed` nil accepts any text key; the caller then checks `keys` itself.
    package init(_ node: Node, path: String, file: String, keys allowed: [String]?,
                 code: LedgerError.Code = .invalidGroup) throws(LedgerError) {
        self.file = file
        self.path = path
        self.code = code
        self.line = node.mark?.line
        guard let mapping = node.mapping else {
            let what = path.isEmpty ? "the document" : path
            let withKeys = allowed.map { " with the keys \($0.joined(separator: ", "))" } ?? ""
            throw LedgerError(code, "\(what) must be a mapping\(withKeys); found \(Self.kind(of: node))",
                              at: SourceLocation(file: file, line: node.mark?.line, field: path.isEmpty ? nil : path))
        }
        var entries: [String: (key: Node, value: Node)] = [:]
        var keys: [String] = []
        for (key, value) in mapping {
            let name = key.scalar?.string ?? "?"
            guard key.scalar != nil, allowed?.contains(name) ?? true, SafeText.firstRefused(in: name) == nil else {
                let shown = SafeText.excerpt(name, limit: 40)
                let field = path.isEmpty ? shown : "\(path).\(shown)"
                let expected = allowed.map { "; expected one of \($0.joined(separator: ", "))" } ?? "; expected a text key"
                throw LedgerError(code, "unknown key '\(shown)'\(expected)",
                                  at: SourceLocation(file: file, line: key.mark?.line ?? node.mark?.line, field: field))
            }
            entries[name] = (key, value)  // Yams already refuses a repeated key
            keys.append(name)
        }
        self.entries = entries
        self.keys = keys
    }

    package func has(_ key: String) -> Bool { entries[key] != nil }

    /// The raw value, for values that may take several shapes (a word or a list, a path or a mapping).
    package func node(_ key: String) -> Node? { entries[key]?.value }

    package func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The line of the key's value, or of the mapping when the key is absent.
    package func line(of key: String) -> Int? { entries[key]?.value.mark?.line ?? keyLine(of: key) }

    /// The line of the key itself (a list value starts on the line after its key).
    package func keyLine(of key: String) -> Int? { entries[key]?.key.mark?.line ?? line }

    /// An error about `key`, with this mapping's code unless another is given.
    package func failure(_ key: String, _ message: String, code: LedgerError.Code? = nil) -> LedgerError {
        LedgerError(code ?? self.code, message, at: SourceLocation(file: file, line: line(of: key), field: fieldPath(key)))
    }

    /// An error about a node that has no key of its own, such as a list element.
    package func failure(at node: Node, field: String, _ message: String) -> LedgerError {
        LedgerError(code, message, at: SourceLocation(file: file, line: node.mark?.line ?? line, field: field))
    }

    /// A nested mapping read with the same file and code; `allowed` as in `init`.
    package func mapping(_ key: String, keys allowed: [String]?) throws(LedgerError) -> YAMLMapping {
        guard let node = entries[key]?.value else {
            let withKeys = allowed.map { " with the keys \($0.joined(separator: ", "))" } ?? ""
            throw failure(key, "missing '\(key)'; expected a mapping\(withKeys)")
        }
        return try YAMLMapping(node, path: fieldPath(key), file: file, keys: allowed, code: code)
    }

    /// Absent or null is nil.
    package func optionalMapping(_ key: String, keys allowed: [String]?) throws(LedgerError) -> YAMLMapping? {
        guard let node = entries[key]?.value, !Self.isNull(node) else { return nil }
        return try mapping(key, keys: allowed)
    }

    /// A list element (or any node) read as a mapping with the same file and code.
    package func element(_ node: Node, path: String, keys allowed: [String]?) throws(LedgerError) -> YAMLMapping {
        try YAMLMapping(node, path: path, file: file, keys: allowed, code: code)
    }

    /// A required, non-empty text value.
    package func text(_ key: String) throws(LedgerError) -> String {
        guard let value = try optionalText(key) else {
            throw failure(key, "missing '\(key)'; expected a text value")
        }
        return value
    }

    /// Absent or null is nil; an empty string is refused (leave the key out instead).
    package func optionalText(_ key: String) throws(LedgerError) -> String? {
        guard let node = entries[key]?.value, !Self.isNull(node) else { return nil }
        guard let scalar = node.scalar else {
            throw failure(key, "'\(key)' must be a text value; found \(Self.kind(of: node))")
        }
        guard !scalar.string.isEmpty else { throw failure(key, "'\(key)' is empty; expected a text value") }
        do {
            try SafeText.check(scalar.string, field: "'\(key)'")
        } catch {
            throw failure(key, error.message)  // YAML escapes ("\e", "\0") can write them
        }
        return scalar.string
    }

    /// `true` or `false`, nothing else (YAML 1.1's yes/no/on/off are refused as ambiguous).
    package func flag(_ key: String, default defaultValue: Bool = false) throws(LedgerError) -> Bool {
        guard let text = try optionalText(key) else { return defaultValue }
        switch text {
        case "true": return true
        case "false": return false
        default: throw failure(key, "'\(key)' must be true or false; found '\(SafeText.excerpt(text, limit: 40))'")
        }
    }

    package func integer(_ key: String, default defaultValue: Int) throws(LedgerError) -> Int {
        guard let text = try optionalText(key) else { return defaultValue }
        guard let value = Int(text) else { throw failure(key, "'\(key)' must be a whole number; found '\(SafeText.excerpt(text, limit: 40))'") }
        return value
    }

    /// A whole number written as digits only: no sign, '+', '_', exponent or hex, so "-1",
    /// "1.5" and "1e3" are refused rather than read as something else. Absent or null is
    /// `defaultValue`, or an error when there is none.
    package func wholeNumber(_ key: String, in range: ClosedRange<UInt64>, default defaultValue: UInt64? = nil) throws(LedgerError) -> UInt64 {
        guard let text = try optionalText(key) else {
            guard let defaultValue else { throw failure(key, "missing '\(key)'; expected \(Self.describe(range))") }
            return defaultValue
        }
        guard let value = Self.wholeNumber(text), range.contains(value) else {
            throw failure(key, "'\(key)' must be \(Self.describe(range)); found '\(SafeText.excerpt(text, limit: 40))'")
        }
        return value
    }

    /// The same, for counts that become `Int`.
    package func count(_ key: String, in range: ClosedRange<Int>, default defaultValue: Int? = nil) throws(LedgerError) -> Int {
        precondition(range.lowerBound >= 0)
        let value = try wholeNumber(key, in: UInt64(range.lowerBound)...UInt64(range.upperBound), default: defaultValue.map(UInt64.init))
        return Int(value)  // in range, so it fits
    }

    /// Digits only, within UInt64; nil for anything else.
    package static func wholeNumber(_ text: String) -> UInt64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return UInt64(text)
    }

    package static func describe(_ range: ClosedRange<UInt64>) -> String {
        range.upperBound >= UInt64(Int.max) && range.upperBound != UInt64.max
            ? "a whole number of \(range.lowerBound) or more"
            : "a whole number from \(range.lowerBound) to \(range.upperBound)"
    }

    package func currency(_ key: String) throws(LedgerError) -> Currency {
        let code = try text(key)
        do {
            return try Currency(code)
        } catch {
            throw failure(key, error.message, code: error.code)
        }
    }

    /// One of a closed set of words, e.g. an account type or a role.
    package func choice<Value: RawRepresentable & CaseIterable>(_ key: String, as type: Value.Type) throws(LedgerError) -> Value
    where Value.RawValue == String {
        let text = try text(key)
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw failure(key, "'\(key)' must be one of \(allowed); found '\(SafeText.excerpt(text, limit: 40))'")
        }
        return value
    }

    /// A required list; an element is returned with its own field path.
    package func list(_ key: String) throws(LedgerError) -> [(node: Node, path: String)] {
        guard let node = entries[key]?.value else { throw failure(key, "missing '\(key)'; expected a list") }
        guard let sequence = node.sequence else {
            throw failure(key, "'\(key)' must be a list; found \(Self.kind(of: node))")
        }
        return sequence.enumerated().map { index, element in (element, "\(fieldPath(key))[\(index)]") }
    }

    package static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    package static func kind(of node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        // Cut short: a file that is not YAML at all (a password file) reads as one long text.
        case .scalar(let scalar): "'\(SafeText.excerpt(scalar.string, limit: 40))'"
        case .alias: "an alias"
        }
    }
}

/// Reading a YAML file: shared by every YAML format so each reports read and syntax
/// problems the same way, under its own error code.
package enum YAMLDocument {
    /// The file's UTF-8 text; every read problem (missing, a directory, bad UTF-8) gets `code`.
    package static func text(contentsOf path: String, code: LedgerError.Code) throws(LedgerError) -> String {
        do throws(LedgerError) {
            let bytes = try InputFile.bytes(atPath: path)
            guard bytes.count <= InputLimits.documentBytes else { throw InputLimits.tooLarge(bytes.count, file: path, code: code) }
            return try UTF8Text.decode(bytes, file: path)
        } catch {
            var formatError = error
            formatError.code = code  // one code for everything wrong with a file of this format
            throw formatError
        }
    }

    /// YAML text to a node tree (nil for an empty document); syntax errors keep the line Yams reports.
    package static func compose(_ text: String, file: String, code: LedgerError.Code) throws(LedgerError) -> Node? {
        guard text.utf8.count <= InputLimits.documentBytes else { throw InputLimits.tooLarge(text.utf8.count, file: file, code: code) }
        if let (line, depth) = YAMLNesting.firstTooDeep(text, limit: InputLimits.depth) {
            throw LedgerError(code, "the YAML nests \(depth) levels deep here (indentation levels, '- ' and open brackets); at most \(InputLimits.depth) are read",
                              at: SourceLocation(file: file, line: line))
        }
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, file: file, code: code)
        } catch {
            throw LedgerError(code, "not valid YAML: \(SafeText.excerpt("\(error)", limit: 200))", at: SourceLocation(file: file))
        }
    }

    private static func syntaxError(_ error: YamlError, file: String, code: LedgerError.Code) -> LedgerError {
        func failure(_ message: String, _ line: Int?) -> LedgerError {
            LedgerError(code, "not valid YAML: \(message)", at: SourceLocation(file: file, line: line))
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let whileParsing = context.map { " (\($0.text) on line \($0.mark.line))" } ?? ""
            return failure(SafeText.excerpt(problem + whileParsing, limit: 200), mark.line)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return failure("the key \(keys) on this line appears again later in the same mapping; each key may appear once", context.mark.line)
        case let .reader(problem, _, _, _):
            return failure(problem, nil)
        default:
            return failure(SafeText.excerpt("\(error)", limit: 200), nil)
        }
    }
}
