import Foundation
import Glibc

/// Starts a program in its own session (so a closed terminal or Ctrl-C does not reach
/// it), with standard input from /dev/null and its output appended to a log file.
public enum DetachedProcess {
    /// glibc's POSIX_SPAWN_SETSID (hidden behind _GNU_SOURCE from Swift): the child calls setsid.
    private static let setSessionFlag: Int16 = 0x80
    /// POSIX_SPAWN_SETSIGDEF and POSIX_SPAWN_SETSIGMASK: the child starts with the stopping
    /// signals at their defaults and nothing blocked, whatever the spawning thread had (a screen
    /// ignores SIGTERM and SIGHUP while it runs; a runtime's threads may block signals).
    private static let cleanSignalsFlags: Int16 = 0x04 | 0x08

    /// Spawns `executable` with `arguments`, and `environment` added to ours; returns its pid.
    public static func spawn(_ executable: String, _ arguments: [String], environment: [String: String] = [:], log: String) throws(TransferError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of ours leaks into a process that outlives us (a pipe a caller waits
        // on for EOF, a socket, a lock).
        closeFrom(3, &actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, setSessionFlag | cleanSignalsFlags)
        var none = sigset_t(), stopping = sigset_t()
        sigemptyset(&none)
        sigemptyset(&stopping)
        for signal in [SIGHUP, SIGINT, SIGQUIT, SIGTERM] { sigaddset(&stopping, signal) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &stopping)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw .file(code: "file.io", message: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        reap(pid)
        return pid
    }

    /// Waits for `pid` on a thread of its own, so that once it ends it is gone rather than a
    /// zombie of ours for as long as we live (a user test: five screens racing to replace a
    /// stopped agent left nine `[ferry] <defunct>`, the losers and the stopped ones).
    private static func reap(_ pid: pid_t) {
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        }
    }

    /// glibc's posix_spawn_file_actions_addclosefrom_np (2.34+; a GNU extension Swift does
    /// not import), found at run time; without it, every descriptor from `first` up is
    /// marked close-on-exec instead.
    private static func closeFrom(_ first: Int32, _ actions: inout posix_spawn_file_actions_t) {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, first)
            return
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            if let descriptor = Int32(name), descriptor >= first { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        }
    }

    /// Whether `pid` names a live process (not a zombie of ours).
    public static func isAlive(_ pid: pid_t) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 else { return false }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == 0 || errno == ECHILD else { return false }
        return !isZombie(pid)
    }

    /// Whether `pid` has exited but nobody reaped it: where PID 1 does not reap orphans (a
    /// container or sandbox without an init), it stays a zombie, which `kill(pid, 0)`
    /// still finds.
    static func isZombie(_ pid: pid_t) -> Bool { state(of: pid) == "Z" }

    /// The state letter `/proc` gives `pid` (`R`, `S`, `D`, `T` stopped by a signal, `Z`…),
    /// or nil when it cannot be read.
    public static func state(of pid: pid_t) -> Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[close...].dropFirst(2).first
    }

    /// This program's own executable.
    static var currentExecutable: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }
}
