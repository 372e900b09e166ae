import Foundation
import Testing

/// `close bench compare` (issue 18): one seeded journal through close and the installed peers,
/// every account's balance checked equal. The command reports a peer that is not installed as
/// missing; this test fails then (`.ci/run` installs both), so it never passes unchecked.
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
            #expect(tool["missing"] as? Bool == false, "NOT RUN: \(name) is not installed (apt-get install ledger hledger)")
            #expect(tool["balances_equal"] as? Bool == true, "\(name)")
            #expect((tool["seconds"] as? Double ?? 0) > 0, "\(name)")
        }
    }
}
