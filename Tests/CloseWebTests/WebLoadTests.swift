import CloseEngine
import Foundation
import LedgerCore
import LedgerStore
import Testing

/// A bounded load on loopback: concurrent people loading pages and deciding the same tasks at
/// once. Nothing is lost and nothing doubled: every decision the server answered as recorded is
/// in the ledger exactly once, every other one was answered as a conflict or a refusal, and the
/// audit chain verifies. Prints the throughput and the 99th percentile latency
/// (docs/performance.md); CLOSE_WEB_LOAD="CLIENTS REQUESTS" changes the size (default 20 clients of
/// 40 requests, so that CI stays short; docs/performance.md has the 20 x 200 run).
extension WebSuites {
    @Suite(.serialized) struct WebLoadTests {
        static var size: (clients: Int, requests: Int) {
            let parts = (ProcessInfo.processInfo.environment["CLOSE_WEB_LOAD"] ?? "").split(separator: " ").compactMap { Int($0) }
            return parts.count == 2 ? (min(max(parts[0], 1), 100), min(max(parts[1], 1), 2_000)) : (20, 40)
        }

        @Test func concurrentPeopleLoseAndDoubleNothing() async throws {
            let server = try await WebTestServer.start()
            defer { server.stop() }
            let (clients, requests) = Self.size
            let tasks = try CloseSession(store: server.store).inbox(period: try PeriodID(parsing: "2026-05"), user: "bob").map(\.task)
            let run = try CloseSession(store: server.store).run(of: try PeriodID(parsing: "2026-05"))
            let before = try server.store.decisions(of: run).count
            let people = ["bob", "carol"]  // both may decide every waiting task

            let started = Date()
            let results = try await withThrowingTaskGroup(of: ClientResult.self) { group in
                for index in 0..<clients {
                    group.addTask {
                        let client = HTTPTestClient(base: server.base)
                        _ = try await client.signIn(people[index % 2], password: WebDemo.password)
                        let csrf = HTTPTestClient.hidden("csrf", in: try await client.get("/inbox").body) ?? ""
                        var result = ClientResult()
                        for step in 0..<requests {
                            let task = tasks[(index + step) % tasks.count]
                            let path = "/task?period=2026-05&task=" + task.replacingOccurrences(of: "/", with: "%2F")
                            let clock = Date()
                            if step % 2 == 0 {
                                let page = try await client.get(step % 10 == 0 ? "/inbox" : path)
                                result.pages += page.status == 200 ? 1 : 0
                                result.errors += page.status == 200 ? 0 : 1
                            } else {
                                // Defers make no new version: every task stays at the version first seen.
                                let version = "1"
                                let reply = try await client.post("/task/decide", [("csrf", csrf), ("period", "2026-05"), ("task", task),
                                                                                   ("version", version), ("verdict", "defer"), ("reason", "load \(index)/\(step)")])
                                switch reply.status {
                                case 200: result.recorded += 1
                                case 409: result.conflicts += 1
                                default: result.errors += 1
                                }
                            }
                            result.latencies.append(Date().timeIntervalSince(clock))
                        }
                        return result
                    }
                }
                var all: [ClientResult] = []
                for try await result in group { all.append(result) }
                return all
            }
            let seconds = Date().timeIntervalSince(started)
            let recorded = results.reduce(0) { $0 + $1.recorded }
            let conflicts = results.reduce(0) { $0 + $1.conflicts }
            let errors = results.reduce(0) { $0 + $1.errors }
            let latencies = results.flatMap(\.latencies).sorted()
            let p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
            let p50 = latencies[latencies.count / 2]
            print(String(format: "web load: %d clients x %d requests = %d in %.1f s: %.0f requests/s, p50 %.1f ms, p99 %.1f ms; %d decisions recorded, %d conflicts, %d errors",
                         clients, requests, latencies.count, seconds, Double(latencies.count) / seconds, p50 * 1000, p99 * 1000, recorded, conflicts, errors))

            #expect(errors == 0)
            #expect(recorded + conflicts == clients * (requests / 2), "every decision answered as recorded or as a conflict")
            let after = try server.store.decisions(of: run)
            #expect(after.count - before == recorded, "nothing lost, nothing doubled")
            #expect(Set(after.dropFirst(before).map(\.reason)).count == recorded, "each recorded decision once")
            #expect(try server.store.verifyAudit().isIntact)
        }
    }
}

struct ClientResult: Sendable {
    var pages = 0
    var recorded = 0
    var conflicts = 0
    var errors = 0
    var latencies: [TimeInterval] = []
}
