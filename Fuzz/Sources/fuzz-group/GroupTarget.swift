import FuzzSupport
import Interchange
import LedgerCore
import LedgerStore

// Group YAML (`close init --group FILE`): read from a file as the CLI does; a group the
// reader accepts must make a ledger.

@main
enum GroupTarget {
    static func main() {
        Fuzzer.run(seeds: {
            Seeds.fixtures("groups") + Seeds.fixtures("bad") { $0.hasPrefix("group-") } + [Seed("builtin-demo-group.yaml", Array(DemoGroup.yaml.utf8))]
        }, fuzzGroup)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGroup(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let group: GroupDefinition
    do {
        group = try GroupFile.parse(contentsOf: ScratchFile.write(Property.bytes(data, size), name: "group.yaml"))
    } catch {
        Property.requireClear(error)
        return 0
    }
    do {
        let store = try LedgerStore.create(at: nil, group: group, clock: .fixed("2026-06-30T12:00:00Z"))
        defer { try? store.close() }
        let audit = try store.verifyAudit()
        guard audit.isIntact else { Property.fail("a new ledger's audit chain is broken: \(audit.firstProblem ?? "")") }
    } catch {
        Property.fail("the reader accepted the group but no ledger can be made of it: \(error)")
    }
    return 0
}
