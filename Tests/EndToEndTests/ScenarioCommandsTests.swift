import Foundation
import Testing

/// `close scenario ...` from the outside: files written, same bytes twice, a loaded ledger
/// that verifies, and bad scenarios refused with the file, line and field.
@Suite struct ScenarioCommandsTests {
    @Test func listShowsEveryBuiltInOnOneLine() throws {
        let scratch = try Scratch()
        let result = try CloseBinary.run(["scenario", "list"], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["demo", "clean", "intercompany-heavy", "fx-shock", "bank-chaos", "large"] {
            #expect(result.stdout.split(separator: "\n").contains { $0.hasPrefix(name + " ") }, "\(name)")
        }
    }

    @Test func generateWritesTheSameBytesTwice() throws {
        let scratch = try Scratch()
        for out in ["a", "b"] {
            let result = try CloseBinary.run(["scenario", "generate", "demo", "--out", out], in: scratch.url)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("faults: 24"))
        }
        let files = try FileManager.default.subpathsOfDirectory(atPath: scratch.path("a")).sorted()
        #expect(files.contains("manifest.json") && files.contains("bank/DE01-1000-2026-05.camt053.xml")
                && files.contains("journal/2026-05.csv") && files.contains("truth/bank.csv"))
        for file in files {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: scratch.path("a/" + file), isDirectory: &isDirectory)
            guard !isDirectory.boolValue else { continue }
            #expect(FileManager.default.contents(atPath: scratch.path("a/" + file)) == FileManager.default.contents(atPath: scratch.path("b/" + file)), "\(file)")
        }
        let manifest = try JSONSerialization.jsonObject(with: try #require(FileManager.default.contents(atPath: scratch.path("a/manifest.json")))) as? [String: Any]
        let faults = try #require(manifest?["faults"] as? [[String: Any]])
        #expect(faults.count == 24)
        #expect(faults.allSatisfy { ($0["rows"] as? [Any])?.isEmpty == false })
    }

    /// Every agent scored, per fault kind and per agent, with the bank section; the same bytes twice.
    @Test func scoreGivesEveryAgentAndTheBankFigures() throws {
        let scratch = try Scratch()
        let table = try CloseBinary.run(["scenario", "score", "demo"], in: scratch.url)
        #expect(table.status == 0, "\(table.stderr)")
        for text in ["recall per fault kind", "precision per agent", "wrong-entity-expense          error-resolution",
                     "what the close committed: resolved 18, accepted 6, posted-without-human 0, raised 0, missed 0",
                     "auto-match rate: 100.00%"] {
            #expect(table.stdout.contains(text), "\(text)\n\(table.stdout)")
        }
        let json = try CloseBinary.run(["scenario", "score", "demo", "--seed", "3", "--format", "json"], in: scratch.url)
        #expect(json.status == 0, "\(json.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["seed"] as? String == "3" && (document["fault_kinds"] as? [Any])?.count == 12)
        let agents = try #require(document["agents"] as? [[String: Any]])
        #expect(agents.first { $0["agent"] as? String == "error-resolution" }?["recall"] as? String == "100.00%")
        #expect(try CloseBinary.run(["scenario", "score", "demo", "--seed", "3", "--format", "json"], in: scratch.url).stdout == json.stdout)
        #expect(try CloseBinary.run(["scenario", "score", "demo", "--format", "csv"], in: scratch.url).status == 64)
    }

    @Test func theGeneratedJournalImportsAndLoadGivesAVerifiedLedger() throws {
        let scratch = try Scratch()
        let load = try CloseBinary.run(["scenario", "load", "demo", "--db", "loaded.db"], in: scratch.url)
        #expect(load.status == 0, "\(load.stderr)")
        let verify = try CloseBinary.run(["audit", "verify", "--db", "loaded.db"], in: scratch.url)
        #expect(verify.status == 0, "\(verify.stderr)")
        let balance = try CloseBinary.run(["report", "trial-balance", "--db", "loaded.db", "--period", "2026-05", "--entity", "DE01", "--format", "json"], in: scratch.url)
        #expect(balance.status == 0 && balance.stdout.contains("\"currency\":\"EUR\""), "\(balance.stderr)")

        // The files say the same as the load: importing them into a fresh ledger posts the same lines.
        #expect(try CloseBinary.run(["scenario", "generate", "demo", "--out", "files"], in: scratch.url).status == 0)
        #expect(try CloseBinary.run(["init", "--db", "imported.db"], in: scratch.url).status == 0)
        #expect(try CloseBinary.run(["rates", "import", "--as", "alice", "files/rates.csv", "--db", "imported.db"], in: scratch.url).status == 0)
        for month in ["2026-04", "2026-05", "2026-06"] {
            let imported = try CloseBinary.run(["journal", "import", "--as", "alice", "files/journal/\(month).csv", "--db", "imported.db"], in: scratch.url)
            #expect(imported.status == 0, "\(month): \(imported.stderr)")
        }
        let importedBalance = try CloseBinary.run(["report", "trial-balance", "--db", "imported.db", "--period", "2026-05", "--entity", "DE01", "--format", "json"], in: scratch.url)
        #expect(importedBalance.stdout == balance.stdout)
    }

    @Test func loadRefusesAnExistingDatabaseAndLeavesNothingBehindOnFailure() throws {
        let scratch = try Scratch()
        #expect(try CloseBinary.run(["init", "--db", "taken.db"], in: scratch.url).status == 0)
        let before = try scratch.fingerprint("taken.db")
        let again = try CloseBinary.run(["scenario", "load", "demo", "--db", "taken.db"], in: scratch.url)
        #expect(again.status == 1 && again.stderr.contains("already exists"))
        #expect(try scratch.fingerprint("taken.db") == before)
    }

    @Test func unknownScenariosAndBadOptionsAreRefused() throws {
        let scratch = try Scratch()
        let unknown = try CloseBinary.run(["scenario", "generate", "no-such-scenario"], in: scratch.url)
        #expect(unknown.status == 1 && unknown.stderr.contains("no built-in scenario and no file named 'no-such-scenario'"))
        let scale = try CloseBinary.run(["scenario", "generate", "demo", "--scale", "0"], in: scratch.url)
        #expect(scale.status == 64 && scale.stderr.contains("--scale"))
        let seed = try CloseBinary.run(["scenario", "generate", "demo", "--seed", "abc"], in: scratch.url)
        #expect(seed.status == 64)
    }

    @Test(arguments: try Fixtures.files(in: "bad/scenarios", prefix: "").filter { $0.hasSuffix(".yaml") })
    func badScenarioFilesAreRefusedNamingTheFile(path: String) throws {
        let scratch = try Scratch()
        let result = try CloseBinary.run(["scenario", "load", path, "--db", "never.db", "--out", "never"], in: scratch.url)
        #expect(result.status == 1, "\(path): \(result.stdout)")
        #expect(result.stderr.contains(".yaml"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("never.db")))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("never")))
    }
}
