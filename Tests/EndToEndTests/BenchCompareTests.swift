import Foundation
import Testing

/// `close bench compare` (issue 18): one seeded journal through close and the installed peers,
/// every account's balance checked equal; a peer not installed is said to be missing.
@Suite struct BenchCompareTests {
    @Test func closeAndThePeersAgreeOnEveryBalance() throws {
        let scratch = try Scratch()
        let result = try CloseBinary.run(["bench", "compare", "--entries", "300", "--seed", "7", "--format", "json"], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["entries"] as? Int == 300)
        #expect((report["accounts"] as? Int ?? 0) > 20)
        let tools = try #require(report["tools"] as? [[String: Any]])
        #expect(tools.map { $0["tool"] as? String } == ["close", "ledger", "hledger"])
        for tool in tools {
            let name = tool["tool"] as? String ?? "?"
            if tool["missing"] as? Bool == true {
                print("SKIP: \(name) is not installed; its balances were not compared")
                continue
            }
            #expect(tool["balances_equal"] as? Bool == true, "\(name)")
            #expect((tool["seconds"] as? Double ?? 0) > 0, "\(name)")
        }
        #expect(tools.first?["missing"] as? Bool == false, "close itself always runs")
    }
}
