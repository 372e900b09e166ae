import Interchange
import LedgerCore
import LedgerStore

/// What `close bank import` does with a read file: a blocking issue refuses the whole file;
/// otherwise every statement is imported, all or nothing.
public enum BankImport {
    public static func check(_ result: BankFileImport, group: GroupDefinition, file: String) {
        for issue in result.issues { _ = issue.description }
        guard !result.issues.contains(where: \.blocking) else { return }
        FuzzLedger.check(group: group, "bank import of \(result.statements.count) statement(s)") { store in
            _ = try store.importStatements(result.statements, source: file, actor: FuzzLedger.actor)
        }
    }
}
