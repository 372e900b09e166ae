import Foundation

/// Runs a program to its end and measures it as `/usr/bin/time` would: wall seconds and the
/// peak resident memory of that one process (`wait4`'s rusage, not the sum over children).
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
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchFailure("waiting for \(executable) failed") }
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let exited = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return TimedChild(status: exited, seconds: seconds, peakMemoryMB: Int(usage.ru_maxrss) / 1024,
                          stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                          stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
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
