import FuzzSupport
import Interchange
import LedgerCore
import LedgerStore

// Journal CSV (`close journal import`): parsed against the demo group, then posted.

@main
enum JournalTarget {
    static func main() {
        Fuzzer.run(seeds: {
            Seeds.fixtures("journals") + Seeds.fixtures("bad") { $0.hasPrefix("journal-") } + Generated.journals()
        }, fuzzJournal)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJournal(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let file = "fuzz-journal.csv"
    let parsed: ParsedJournal
    do {
        parsed = try JournalCSV.parse(Property.bytes(data, size), file: file, group: FuzzGroups.demo)
    } catch {
        Property.requireClear(error)
        return 0
    }
    guard parsed.fileLines.count == parsed.drafts.count else {
        Property.fail("\(parsed.drafts.count) entries but \(parsed.fileLines.count) line lists")
    }
    let refusal = FuzzLedger.check(group: FuzzGroups.demo, "posting of \(parsed.drafts.count) entries") { store in
        _ = try store.post(parsed.drafts, actor: FuzzLedger.actor, batch: file)
    }
    // The CLI turns "entry k, line j" into the file's line: that mapping must hold too.
    if let refusal, let entry = refusal.entryIndex, entry < parsed.fileLines.count {
        Property.requireClear(parsed.locating(refusal, inEntry: entry, file: file))
    }
    return 0
}
