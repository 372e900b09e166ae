import ArgumentParser
import CloseEngine
import Governance
import LedgerCore
import LedgerStore

/// `close show TASK --period P`: the latest proposal of a task, all of it.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show the latest proposal of a task of a close run.",
        discussion: HelpText.flowed("""
        Text: what the proposal does, its size and route, its confidence, every
        entry line by line (debits and credits in their currency), the period
        changes, the trial-balance impact, the evidence and the findings, as the
        prompt of `close run` shows them. JSON: the proposal itself (snake_case
        keys, amounts as decimal strings), to edit for `close override --file`.
        """))
    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp("The task, as `close status` lists it.", valueName: "TASK"), completion: LedgerCompletion.tasks) var task: String
    @Option(help: "The period, YYYY-MM.") var period: PeriodID
    @Option(help: "text or json (the proposal itself, for `close override --file`).") var format: EventFormat = .text

    func run() throws {
        let ledger = try store.open()
        let session = CloseSession(store: ledger)
        let shown = try session.show(task: task, period: period)
        if format == .json {
            print(try JSONOutput.encode(ProposalDocument(shown.proposal, group: ledger.group)))
            return
        }
        let size = try session.size(of: shown.proposal)
        var text = "\(SafeText.visible(shown.proposal.task)) v\(shown.version) prepared by \(SafeText.visible(shown.preparedBy)), hash \(shown.hashHex)\n"
        let impact = try session.trialBalanceDiff(shown.proposal, period: period)
        text += ProposalText(shown.proposal, group: ledger.group, size: (size, ledger.group.currency), route: shown.route.description,
                             derivedImpact: impact).render()
        for read in shown.proposal.inputs ?? [] { text += "   read \(SafeText.visible(read.scope)): \(SafeText.visible(read.state))\n" }
        text += "\ndecide: close approve|reject|defer|override \(ShellWord.quoted(task)) --period \(period)\(store.argument) --as USER\n"
        Pager.show(text)
    }
}
