import ArgumentParser

/// The `close` command: a thin layer that parses, calls the ledger, renders, and maps
/// failures to exit codes (0 success, 1 refused or failed, 3 and 4 a run that waits or is
/// blocked, 64 usage error).
public struct CloseCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "A month-end close engine on a double-entry ledger in SQLite.",
        discussion: HelpText.flowed("""
        The ledger lives in one SQLite file: --db PATH, or $CLOSE_DB, or ./close.db.

        Exit codes: 0 success; 1 refused or failed (the message names file, line and field);
        3 `close run` stopped at steps waiting for a decision; 4 `close run` blocked by a
        rejected step; 64 usage error.
        """),
        version: "0.1.0",
        subcommands: [
            DemoCommand.self, InitCommand.self, EntitiesCommand.self, AccountsCommand.self,
            JournalCommand.self, RatesCommand.self, PeriodCommand.self, ReportCommand.self,
            ScenarioCommand.self, CheckCommand.self, RunCommand.self, StatusCommand.self, ShowCommand.self, ApproveCommand.self,
            RejectCommand.self, DeferCommand.self, OverrideCommand.self, PolicyCommand.self, BankCommand.self, GoodsCommand.self, AuditCommand.self, BenchCommand.self,
            UsersCommand.self, ServeCommand.self,
            ImportCommand.self, ExportCommand.self,
        ])

    public init() {}
}

/// The entry point of the `close` executable.
public enum CloseMain {
    public static func run() {
        AllocatorPolicy.keepFreedMemory()
        // CloseCommand.main(), with the message of a failure made terminal-safe.
        do {
            try UnknownCommand.refuse(CommandLine.arguments.dropFirst().first)
            var command = try CloseCommand.parseAsRoot()
            try command.run()
        } catch {
            Terminal.exit(with: error)
        }
    }
}
