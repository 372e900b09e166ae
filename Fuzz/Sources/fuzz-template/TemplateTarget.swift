import CloseEngine
import FuzzSupport
import LedgerCore
import LedgerStore

// Close template YAML (`close run --template FILE`): read from a file as the CLI does; an
// accepted template is expanded into the tasks of the demo group.

@main
enum TemplateTarget {
    static func main() {
        Fuzzer.run(seeds: { Seeds.fixtures("templates") }, fuzzTemplate)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let template: CloseTemplate
    do {
        template = try CloseTemplateFile.parse(contentsOf: ScratchFile.write(Property.bytes(data, size), name: "template.yaml"))
    } catch {
        Property.requireClear(error)
        return 0
    }
    let tasks = template.expand(for: FuzzGroups.demo)
    let ids = Set(tasks.map(\.task))
    guard ids.count == tasks.count else { Property.fail("the template expands to duplicate task ids") }
    return 0
}
