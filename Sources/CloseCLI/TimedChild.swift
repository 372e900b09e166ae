import Foundation

/// Runs a program to its end and measures it: wall seconds and the peak resident memory of
/// that one process. The peak is the child's own `VmHWM` (/proc/PID/status), read every 20 ms
/// until it exits: `wait4`'s `ru_maxrss` is not its own, because Linux carries the spawning
/// process's peak over into the child at exec (posix_spawn shares our memory until then), so
/// behind a benchmark that generated a million entries every tool measured at least 1.3 GB.
/// Its standard output goes to a file, read back when it ends, so a large output can never
/// block it; its standard error is kept for the message when it fails.
struct TimedChild {
    var status: Int32
    var seconds: Double
    var peakMemoryMB: Int
    var stdout: String
    var stderr: String

    /// `directory` holds the output files while it runs; the arguments name paths in full.
    static func run(_ executable: String, _ arguments: [String], in directory: String) throws -> TimedChild {
        let out = directory + "/.child-\(UUID().uuidString).out", err = out + ".err"
        defer { for path in [out, err] { try? FileManager.default.removeItem(atPath: path) } }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let started = ContinuousClock.now
        let spawned = posix_spawnp(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw BenchFailure("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        var usage = rusage()
        var peakKB = 0
        while true {
            let waited = wait4(pid, &status, WNOHANG, &usage)
            if waited == pid { break }
            guard waited == 0 || errno == EINTR else { throw BenchFailure("waiting for \(executable) failed") }
            peakKB = max(peakKB, Self.peakResidentKB(of: pid) ?? 0)
            usleep(20_000)
        }
        // A child that ended before the first reading: its rusage, an upper bound.
        if peakKB == 0 { peakKB = Int(usage.ru_maxrss) }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let exited = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return TimedChild(status: exited, seconds: seconds, peakMemoryMB: peakKB / 1024,
                          stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                          stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    /// The peak resident memory of a running process in KB (`VmHWM`), nil when unreadable.
    static func peakResidentKB(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return Int(line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
    }

    /// Whether `name` is a program on the PATH.
    static func installed(_ name: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
        }
    }
}

/// A failure of the benchmark's own machinery, with its message.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
