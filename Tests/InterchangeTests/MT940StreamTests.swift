import Foundation
import Interchange
import LedgerCore
import Testing

/// Issue 18: the streamed MT940 reader (`close bank import`) reads every MT940 file we have,
/// the real files of `shared/external/mt940` and our fixture, in blocks of any size as the
/// whole-file reader reads it: the same statements, the same issues in the same order, or
/// the same refusal.
@Suite struct MT940StreamTests {
    static func files() throws -> [String] {
        let root = ExternalFiles.root + "/mt940"
        let found = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        let suffixes = [".sta", ".txt", ".mt940", ".940"]
        let external = found.filter { name in suffixes.contains { name.lowercased().hasSuffix($0) } }.map { root + "/" + $0 }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return external.sorted() + [package.appendingPathComponent("Fixtures/own-books/nl-bank-2026-05.sta").path]
    }

    static func outcome(_ body: () throws -> BankFileImport) -> String {
        do {
            let read = try body()
            return "\(read.statements) \(read.issues)"
        } catch {
            return "refused: \(error)"
        }
    }

    @Test func everyMT940FileStreamsAsItReadsWhole() throws {
        let files = try Self.files()
        #expect(files.count > 10)
        let group = DemoGroup.definition()
        for path in files {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let whole = Self.outcome { try MT940Reader.read(bytes, file: path, group: group) }
            for blockBytes in [1, 2, 7, 64, 1 << 20] {
                let streamed = Self.outcome {
                    var result = BankFileImport(statements: [], issues: [])
                    try MT940Reader.stream(path: path, group: group, account: nil, blockBytes: blockBytes) { statement, issues in
                        if let statement { result.statements.append(statement) }
                        result.issues += issues
                    }
                    return result
                }
                #expect(streamed == whole, "\(path), blocks of \(blockBytes)")
            }
        }
    }
}
