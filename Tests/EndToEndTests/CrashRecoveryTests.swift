import Foundation
import GRDB
import Testing

/// A child process posting entries is killed with SIGKILL at random moments; afterwards every
/// entry it acknowledged is there, none is half-written, the file is sound and the chain verifies.
@Suite struct CrashRecoveryTests {
    @Test func killedPostingLosesNothingAcknowledged() throws {
        let scratch = try Scratch()
        let created = try CloseBinary.run(["init", "--db", "ledger.db"], in: scratch.url)
        #expect(created.status == 0)
        var random = SystemRandomNumberGenerator()
        var acknowledged = Set<String>()
        var next = 1
        let kills = 20
        for _ in 0..<kills {
            let (acks, killed) = try postUntilKilled(scratch, start: next, afterMilliseconds: Int.random(in: 0...300, using: &random))
            #expect(killed, "the child should still have been posting when it was killed")
            acknowledged.formUnion(acks)
            let stored = try storedKeys(scratch)
            #expect(acknowledged.isSubset(of: stored), "acknowledged entries missing: \(acknowledged.subtracting(stored).sorted().prefix(5))")
            // Keys it never acknowledged may or may not have committed; continue after the highest stored.
            next = (stored.compactMap { Int($0.dropFirst("soak-".count)) }.max() ?? 0) + 1
            let verify = try CloseBinary.run(["audit", "verify", "--db", "ledger.db"], in: scratch.url)
            #expect(verify.status == 0, "\(verify.stderr)")
        }
        #expect(acknowledged.count > kills, "the child acknowledged too few entries to make the test meaningful")
        let queue = try DatabaseQueue(path: scratch.path("ledger.db"))
        try queue.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            let halfWritten = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM journal_entry e WHERE (SELECT COUNT(*) FROM journal_line l WHERE l.entry_id = e.id) <> 2
                """)
            #expect(halfWritten == 0)
        }
    }

    /// Starts `close bench soak`, kills it `delay` after its first acknowledgement and returns the keys it acknowledged.
    private func postUntilKilled(_ scratch: Scratch, start: Int, afterMilliseconds delay: Int) throws -> (Set<String>, Bool) {
        let process = Process()
        process.executableURL = CloseBinary.url
        process.arguments = ["bench", "soak", "--db", "ledger.db", "--entries", "100000", "--start", String(start)]
        process.currentDirectoryURL = scratch.url
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The kill lands `delay` after the first acknowledgement, not after the start: on a
        // loaded machine the child may take longer than the whole window just to open the file.
        var data = Data()
        while !String(decoding: data, as: UTF8.self).contains("posted ") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }  // the child ended without posting
            data.append(chunk)
        }
        usleep(useconds_t(delay * 1000))
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        data.append(output.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        let keys = String(decoding: data, as: UTF8.self).split(separator: "\n")
            .filter { $0.hasPrefix("posted ") && $0.count > 7 }
            .map { String($0.dropFirst("posted ".count)) }
        return (Set(keys), wasRunning)
    }

    private func storedKeys(_ scratch: Scratch) throws -> Set<String> {
        let queue = try DatabaseQueue(path: scratch.path("ledger.db"))
        return try queue.read { db in
            Set(try String.fetchAll(db, sql: "SELECT idempotency_key FROM journal_entry WHERE idempotency_key LIKE 'soak-%'"))
        }
    }
}
