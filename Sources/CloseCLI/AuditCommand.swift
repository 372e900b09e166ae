import ArgumentParser
import LedgerCore
import LedgerStore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check the tamper-evident audit trail.", subcommands: [Verify.self, Head.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify the hash chain, every posted entry and every sealed row against its seal, and the cached balances.",
            discussion: HelpText.flowed("""
            Exits 1 naming the first broken event, entry or row when the ledger does not verify. Sealed
            rows: the group (currencies, entities, accounts, users, bank accounts, recurring accruals),
            policy versions, close runs, tasks, proposals, decisions, periods, reopen requests, bank
            statements with their lines, goods receipts, rates, a scenario's ground truth, password
            hashes, signing keys and signatures. Every signed decision must verify against the key its
            decider had registered then, and where a run's policy says `signatures: required`, every
            human decision must be signed. Prints
            the head of the chain: recorded outside the database (`close audit head`) and given back
            with --head, it also reveals events cut from the end of the chain, which no chain can
            detect on its own.
            """))
        @OptionGroup var store: StoreOptions
        @Option(help: ArgumentHelp("A head hash recorded earlier: fails when the chain no longer holds that event.", valueName: "HASH"))
        var head: String?

        func validate() throws {
            if let head, head.count != 64 || !head.allSatisfy(\.isHexDigit) {
                throw ValidationError("--head must be the 64 hexadecimal digits `close audit head` printed")
            }
        }

        @Flag(help: "No progress on standard error.") var quiet = false

        func run() throws {
            let progress = Progress("verifying the audit chain", unit: "journal lines", quiet: quiet)
            let result = try store.open().verifyAudit(knownHead: head, progress: progress.update)
            progress.finish(result.linesChecked)
            if let problem = result.firstProblem {
                throw LedgerError(.auditBroken, "audit chain broken: \(problem)")
            }
            print("audit chain verified: \(result.eventsChecked) events, \(result.entriesChecked) entries, \(result.linesChecked) lines, \(result.rowsChecked) sealed rows checked")
            if result.signaturesChecked > 0 {
                print("\(result.signaturesChecked) signed decision\(result.signaturesChecked == 1 ? "" : "s") verified against the key each decider had registered then")
            }
            if let seq = result.knownHeadSeq, let after = result.eventsAfterKnownHead {
                print("the given head is event \(seq); \(after) event\(after == 1 ? "" : "s") follow\(after == 1 ? "s" : "") it")
            }
            print("head \(result.headHash) seq \(result.headSeq)")
        }
    }

    struct Head: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the hash and sequence number of the last audit event (not verified).",
            discussion: HelpText.flowed("""
            Keep the hash outside the database (a ticket, a mail, a second machine): `close audit verify
            --head HASH` later fails if events were cut from the end of the chain.
            """))
        @OptionGroup var store: StoreOptions

        func run() throws {
            guard let head = try store.open().auditHead() else {
                throw LedgerError(.databaseState, "the ledger has no audit event")
            }
            print("head \(head.hash) seq \(head.seq)")
        }
    }
}
