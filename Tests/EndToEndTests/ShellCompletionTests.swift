import Foundation
import Testing

/// Shell completion (issue 19): the bash script `close --generate-completion-script bash`
/// writes, driven as bash drives it, completes the ledger's users, entities, accounts and
/// tasks and files by extension, and completes nothing from a ledger that is not there.
@Suite struct ShellCompletionTests {
    /// What the script offers for `line` (the cursor at its end), from `directory`.
    static func complete(_ line: String, in scratch: Scratch, environment: [String: String] = [:]) throws -> [String] {
        let driver = """
        source ./completion.bash
        COMP_LINE="$LINE"; COMP_POINT=${#COMP_LINE}
        read -ra COMP_WORDS <<< "$LINE"; [[ "$LINE" == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
        _close close "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf '%s\\n' "${COMPREPLY[@]}"
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", driver]
        process.currentDirectoryURL = scratch.url
        var variables = ProcessInfo.processInfo.environment
        variables["PATH"] = CloseBinary.url.deletingLastPathComponent().path + ":" + (variables["PATH"] ?? "/usr/bin:/bin")
        variables["LINE"] = line
        variables["CLOSE_DB"] = nil
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.split(separator: "\n").map(String.init).sorted()
    }

    @Test func theLedgersNamesAndFilesAreCompleted() throws {
        let scratch = try Scratch()
        let script = try CloseBinary.run(["--generate-completion-script", "bash"], in: scratch.url)
        #expect(script.status == 0)
        _ = try scratch.write("completion.bash", script.stdout)
        #expect(try CloseBinary.run(["scenario", "load", "demo", "--db", "c.db", "--quiet"], in: scratch.url).status == 0)
        // A run that stops at the first decision: its tasks exist.
        #expect(try CloseBinary.run(["run", "--period", "2026-05", "--as", "bob", "--db", "c.db"], in: scratch.url).status == 3)
        _ = try scratch.write("may.csv", "x")
        _ = try scratch.write("notes.txt", "x")

        #expect(try Self.complete("close approve cut-off --db c.db --as ", in: scratch) == ["alice", "bob", "carol", "dave"])
        #expect(try Self.complete("close approve cut-off --db c.db --as c", in: scratch) == ["carol"])
        #expect(try Self.complete("close report trial-balance --db c.db --entity D", in: scratch) == ["DE01"])
        #expect(try Self.complete("close journal list --db c.db --entity US01 --account 10", in: scratch) == ["1000", "1010"])
        #expect(try Self.complete("close show --db c.db final-review/G", in: scratch) == ["final-review/GB01"])
        #expect(try Self.complete("close show fin", in: scratch, environment: ["CLOSE_DB": "c.db"]).count == 4)
        #expect(try Self.complete("close journal import ", in: scratch).contains("may.csv"))
        #expect(try !Self.complete("close journal import ", in: scratch).contains("notes.txt"))
        // No ledger there: nothing offered, and none created.
        #expect(try Self.complete("close approve --db missing.db --as ", in: scratch).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("missing.db")))
    }
}
