import FuzzSupport
import Interchange
import LedgerCore
import LedgerStore

// Goods-receipt CSV (`close goods import`): parsed against the demo group, then imported.

@main
enum GoodsTarget {
    static func main() {
        Fuzzer.run(seeds: { Generated.goods() }, fuzzGoods)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGoods(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let parsed: ParsedGoodsReceipts
    do {
        parsed = try GoodsReceiptsCSV.parse(Property.bytes(data, size), file: "fuzz-goods.csv", group: FuzzGroups.demo)
    } catch {
        Property.requireClear(error)
        return 0
    }
    guard parsed.lines.count == parsed.receipts.count else {
        Property.fail("\(parsed.receipts.count) receipts but \(parsed.lines.count) line numbers")
    }
    FuzzLedger.check(group: FuzzGroups.demo, "import of \(parsed.receipts.count) goods receipts") { store in
        _ = try store.importGoodsReceipts(parsed.receipts, source: "fuzz-goods.csv", actor: FuzzLedger.actor)
    }
    return 0
}
