import LedgerCore
import Yams

/// The group definition YAML (docs/file-formats.md): group name and currency, entities,
/// the shared chart of accounts and users. Every error is a `LedgerError` naming the file,
/// the YAML line and the field path; the finished definition passes `GroupDefinition.validate()`.
public enum GroupFile {
    static let topLevelKeys = ["name", "currency", "fiscal_year_start_month", "entities", "accounts", "users", "bank_accounts"]

    /// Reads and parses the file at `path`; errors name the path.
    public static func parse(contentsOf path: String) throws(LedgerError) -> GroupDefinition {
        let text: String
        do {
            text = try UTF8Text.decode(InputFile.bytes(atPath: path), file: path)
        } catch {
            var groupError = error
            groupError.code = .invalidGroup  // one code for everything wrong with a group file
            throw groupError
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(LedgerError) -> GroupDefinition {
        guard let root = try compose(text, file: file) else {
            throw LedgerError(.invalidGroup, "the file is empty; expected a group definition with the keys \(topLevelKeys.joined(separator: ", "))",
                              at: SourceLocation(file: file))
        }
        let document = try YAMLMapping(root, path: "", file: file, keys: topLevelKeys)
        let group = GroupDefinition(
            name: try document.text("name"),
            currency: try document.currency("currency"),
            fiscalYearStartMonth: try document.integer("fiscal_year_start_month", default: 1),
            entities: try entities(in: document),
            accounts: try accounts(in: document),
            users: try users(in: document),
            bankAccounts: try bankAccounts(in: document))
        do {
            try group.validate()
        } catch {
            // validate() names a field such as "accounts.code" but not which element;
            // the line of its top-level key is the closest place we can point at.
            let topLevelKey = error.location?.field.map { String($0.prefix { $0 != "." }) }
            throw error.at(SourceLocation(file: file, line: topLevelKey.flatMap(document.keyLine(of:))))
        }
        return group
    }

    /// YAML text to a node tree; syntax errors keep the line Yams reports.
    private static func compose(_ text: String, file: String) throws(LedgerError) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw LedgerError(.invalidGroup, "not valid YAML: \(error)", at: SourceLocation(file: file))
        }
    }

    private static func syntaxError(_ error: YamlError, file: String) -> LedgerError {
        func failure(_ message: String, _ line: Int?) -> LedgerError {
            LedgerError(.invalidGroup, "not valid YAML: \(message)", at: SourceLocation(file: file, line: line))
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let whileParsing = context.map { " (\($0.text) on line \($0.mark.line))" } ?? ""
            return failure(problem + whileParsing, mark.line)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return failure("the key \(keys) on this line appears again later in the same mapping; each key may appear once", context.mark.line)
        case let .reader(problem, _, _, _):
            return failure(problem, nil)
        default:
            return failure("\(error)", nil)
        }
    }
}
