import ArgumentParser
import CloseEngine
import LedgerCore
import LedgerStore

struct PeriodCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "period", abstract: "Show and change period states (open -> soft-closed -> closed).",
        discussion: HelpText.flowed("""
        Outside a close, soft-close and close take a user in a role the policy gives the lock task
        (controller or CFO by default). While the close of a period runs, its cut-off and lock tasks
        move it and direct changes are refused. Reopening takes a controller and the CFO.
        """),
        subcommands: [Status.self, SoftClose.self, Close.self, Reopen.self])

    struct Scope: ParsableArguments {
        @Option(help: ArgumentHelp("The period.", valueName: "YYYY-MM")) var period: PeriodID
        @Option(help: ArgumentHelp("One entity (default: every entity).", valueName: "CODE"), completion: LedgerCompletion.entities) var entity: String?
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the period's state for each entity.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var scope: Scope
        @Option(help: "table or json.") var format: TableOrJSON = .table


        func run() throws {
            let statuses = try store.open().periodStatus(scope.period, entity: scope.entity)
            if format == .json {
                struct Item: Encodable { let entity, period, state: String; let entries: Int }
                print(try JSONOutput.encode(statuses.map {
                    Item(entity: $0.entity, period: $0.period.description, state: $0.state.rawValue, entries: $0.entryCount)
                }))
                return
            }
            var table = TextTable(headers: ["entity", "period", "state", "entries"], rightAligned: [3])
            table.rows = statuses.map { [$0.entity, $0.period.description, $0.state.rawValue, String($0.entryCount)] }
            table.colour = { column, cell in column == 2 ? TerminalColour.state(cell) : nil }
            Terminal.write(table)
        }
    }

    struct SoftClose: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "soft-close", abstract: "Soft-close the period: only close-process postings are accepted.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var scope: Scope
        @OptionGroup var identity: IdentityOptions
        @Option(help: "Why (recorded in the audit chain).") var reason: String?

        func run() throws { try transition(store, scope, identity, to: .softClosed, reason: reason) }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a soft-closed period: it accepts no postings.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var scope: Scope
        @OptionGroup var identity: IdentityOptions
        @Option(help: "Why (recorded in the audit chain).") var reason: String?

        func run() throws { try transition(store, scope, identity, to: .closed, reason: reason) }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reopen a soft-closed or closed period: a controller and the CFO, each with a reason.",
            discussion: "The first of the two asks for the reopening; the second, in the other role, reopens. Both steps are audited.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var scope: Scope
        @OptionGroup var identity: IdentityOptions
        @Option(help: "Why the period is reopened (required).") var reason: String

        func run() throws {
            let user = try identity.required()
            switch try CloseSession(store: try store.open()).reopenPeriod(scope.period, entity: scope.entity, user: user, reason: reason) {
            case let .requested(entities, waitingFor):
                print("reopening \(scope.period) requested for \(entities.joined(separator: ", ")); it waits for a \(waitingFor) to confirm with `close period reopen`")
            case .reopened(let transitions):
                for transition in transitions where transition.changed {
                    print("\(transition.entity) \(scope.period): \(transition.from.rawValue) -> \(transition.to.rawValue)")
                }
            }
        }
    }

    static func transition(_ store: StoreOptions, _ scope: Scope, _ identity: IdentityOptions,
                           to target: PeriodState, reason: String?) throws {
        let user = try identity.required()
        let transitions = try CloseSession(store: try store.open()).changePeriod(scope.period, to: target, entity: scope.entity,
                                                                                user: user, reason: reason)
        for transition in transitions {
            if transition.changed {
                print("\(transition.entity) \(scope.period): \(transition.from.rawValue) -> \(transition.to.rawValue)")
            } else {
                print("\(transition.entity) \(scope.period): already \(transition.to.rawValue)")
            }
        }
    }
}

private func transition(_ store: StoreOptions, _ scope: PeriodCommand.Scope, _ identity: IdentityOptions,
                        to target: PeriodState, reason: String?) throws {
    try PeriodCommand.transition(store, scope, identity, to: target, reason: reason)
}
