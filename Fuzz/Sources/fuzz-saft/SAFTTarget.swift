import FuzzSupport
import Interchange
import LedgerCore

// Norwegian SAF-T Financial (`close import saft`): read strictly and with differences accepted.
// A file read with them accepted gives entries that each balance in the company currency, and
// the same file read strictly is either refused or gives the same entries.

@main
enum SAFTTarget {
    static func main() {
        Fuzzer.run(seeds: { Seeds.fixtures("saft") { $0.hasSuffix(".xml") } + Seeds.external("saft") { $0.hasSuffix(".xml") } }, fuzzSAFT)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSAFT(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Property.bytes(data, size)
    let accepted: SAFTBooks
    do {
        accepted = try SAFTReader.read(bytes, file: "fuzz.saft.xml", options: SAFTOptions(differenceAccount: "9999"))
    } catch {
        Property.requireClear(error)
        return 0
    }
    for draft in accepted.drafts {
        var total: Int128 = 0
        for line in draft.lines { total += Int128(line.functionalMinor ?? line.amountMinor) }
        if total != 0 { Property.fail("entry \(draft.idempotencyKey) is off by \(total) with its differences accepted") }
    }
    if accepted.drafts.count != accepted.origins.count { Property.fail("\(accepted.drafts.count) drafts but \(accepted.origins.count) origins") }
    do {
        let strict = try SAFTReader.read(bytes, file: "fuzz.saft.xml", options: SAFTOptions())
        if !accepted.differences.isEmpty { Property.fail("a file with \(accepted.differences.count) differences was read strictly") }
        if strict.drafts != accepted.drafts { Property.fail("the strict reading gives other entries than the accepting one") }
    } catch {
        Property.requireClear(error)
        if accepted.differences.isEmpty && error.code == .unbalanced { Property.fail("refused as unbalanced without a difference: \(error)") }
    }
    return 0
}
