#if canImport(FoundationXML)
import FoundationXML
#endif
import Foundation
import LedgerCore

extension Camt053Reader {
    /// `read` for a file on disk of any size (`close bank import`): the file is parsed as it
    /// is read, and each `Stmt`, once closed, is read into a statement with its issues, given
    /// to `take` and dropped, so memory holds one statement, not the file. The checks and
    /// messages are `read`'s; the document's own problems (not camt.053, no statement, not
    /// well-formed) throw, after the statements before them were taken: the caller's
    /// transaction must roll them back. What `take` throws stops the reading. `progress` gets
    /// the file's line reached, and how many lines it has, after each statement.
    public static func stream(path: String, group: GroupDefinition, account: BankAccount?, blockBytes: Int = 1 << 20,
                              progress: (_ line: Int, _ lines: Int) -> Void = { _, _ in },
                              take: (BankStatement?, [BankFileIssue]) throws -> Void) throws {
        var count = 0
        var firstIndexByID: [String: Int] = [:]
        var headerCreatedAt: String?
        let lines = try XMLFileCheck.check(path: path, file: path, blockBytes: blockBytes)
        try withoutActuallyEscaping(take) { take in
            try withoutActuallyEscaping(progress) { progress in
                let result = try Tree.stream(path: path, file: path) { root, element, parser in
                    if headerCreatedAt == nil {
                        try checkDocument(root, file: path)
                        headerCreatedAt = root.child("BkToCstmrStmt", "GrpHdr", "CreDtTm")?.value ?? ""
                    }
                    count += 1
                    var reader = StatementReader(element, index: count, file: path, group: group, override: account,
                                                 headerCreatedAt: headerCreatedAt ?? "")
                    let statement = reader.read()
                    if let first = firstIndexByID[reader.id] {
                        reader.report("statement id '\(reader.id)' is used by Stmt[\(first)] and Stmt[\(count)]; an id must name one statement",
                                      "\(reader.path)/Id", element.child("Id") ?? element, blocking: true)
                    } else {
                        firstIndexByID[reader.id] = count
                    }
                    try take(statement, reader.issues)
                    progress(parser.lineNumber, lines)
                }
                guard count == 0 else { return }
                // No statement came: the document says why, as `read` says it.
                try checkDocument(result, file: path)
                guard let message = result.child("BkToCstmrStmt") else {
                    throw LedgerError(.invalidFile, "the Document holds no BkToCstmrStmt (bank-to-customer statement message)",
                                      at: SourceLocation(file: path, line: result.line, field: "Document"))
                }
                throw LedgerError(.invalidFile, "the file holds no statement (no Stmt under BkToCstmrStmt)",
                                  at: SourceLocation(file: path, line: message.line, field: "BkToCstmrStmt"))
            }
        }
    }
}
