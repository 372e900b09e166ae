import ArgumentParser
import CloseEngine
import LedgerCore

/// `close check --period P`: what a close of P needs and the ledger lacks, all at once
/// (`CloseReadiness`). Exit 1 when anything is missing.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "List everything the close of a period needs and the ledger lacks, with what to do.",
        discussion: HelpText.flowed("""
        Checks at once: spot rates for the currencies the period's entities book (stored, inverse or
        cross via the group currency), closing and average rates for revaluation, intercompany
        matching and consolidation, a statement of every bank account reaching the period end, the
        consolidation entity, the accounts the policy names, and users for every role the policy
        needs. Exit 0 when nothing is missing, 1 otherwise. `close run` runs the same check before
        it starts a new close.
        """))

    @OptionGroup var store: StoreOptions
    @Option(help: "The period, YYYY-MM.") var period: PeriodID
    @Option(help: ArgumentHelp("A close template (docs/close-process.md); default: the built-in one.", valueName: "FILE.yaml"), completion: .file(extensions: ["yaml", "yml"]))
    var template: String?
    @Option(help: "table or json.") var format: TableOrJSON = .table


    func run() throws {
        let closeTemplate = try template.map { try CloseTemplateFile.parse(contentsOf: $0) } ?? CloseTemplateFile.defaultTemplate()
        let readiness = try CloseSession(store: try store.open()).check(period: period, template: closeTemplate)
        switch format {
        case .json:
            struct Report: Encodable {
                let period: String
                let ready: Bool
                let policyVersion: Int?
                let gaps: [ReadinessGap]
                enum CodingKeys: String, CodingKey { case period, ready, policyVersion = "policy_version", gaps }
            }
            print(try JSONOutput.encode(Report(period: period.description, ready: readiness.isReady,
                                               policyVersion: readiness.policyVersion, gaps: readiness.gaps)))
        default:
            let policy = readiness.policyVersion.map { "policy v\($0)" } ?? "the default policy"
            if readiness.isReady {
                print("the close of \(period) has every rate, statement, account and approver it needs (\(policy))")
            } else {
                print("the close of \(period) lacks \(readiness.gaps.count) thing(s) it needs (\(policy)):")
                for gap in readiness.gaps { print("  " + gap.description) }
            }
        }
        if !readiness.isReady { throw ExitCode.failure }
    }
}
