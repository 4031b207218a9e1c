import CLinux
import Foundation
import Glibc

/// A program juanzong runs (pdftotext, tesseract, a PP-OCR worker, pg_ctl, a browser driver),
/// spawned with posix_spawn and reaped with waitpid instead of Foundation's `Process`.
///
/// Why not `Process`: on Linux it learns that a child ended when a socket the child inherited
/// closes, and its pipes are inheritable. A program started meanwhile by another thread (a
/// PostgreSQL server that `pg_ctl` leaves running, a browser driver kept for a test) could
/// inherit that socket or a pipe's writing end and hold it for its whole life; `waitUntilExit`
/// and reads to the end then wait for ever (a CI run of the test suite hung so). Here every
/// descriptor opened for a child is close-on-exec, a child keeps only its three standard
/// streams, and its end is learnt from waitpid.
public final class ChildProcess: @unchecked Sendable {
    /// Where a standard stream of the child goes.
    public enum Channel: Sendable {
        /// /dev/null.
        case null
        /// A pipe to this process (`input`, `output`, `errorOutput`).
        case pipe
        /// A file, created or truncated (output) or read (input).
        case file(String)
        /// This process's own stream.
        case inherit
        /// Standard error only: wherever standard output goes.
        case sameAsOutput
    }

    /// What a finished program left: its status and what it wrote.
    public struct Result: Sendable {
        /// The exit code, or 128 + the signal that ended it (as a shell reports it).
        public var status: Int32
        public var output: Data
        public var errorOutput: Data
        /// More than the limit was written: `output` holds its start and the program was stopped.
        public var outputCut = false
        /// The program ran past its time limit and was stopped.
        public var timedOut = false
    }

    public let pid: pid_t
    /// The writing end of the child's standard input, when it is `.pipe`.
    public let input: FileHandle?
    /// The reading end of the child's standard output, when it is `.pipe`.
    public let output: FileHandle?
    /// The reading end of the child's standard error, when it is `.pipe`.
    public let errorOutput: FileHandle?
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// Starts `executable` (a path, or a name looked up in `PATH`) with `arguments`.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        input standardInput: Channel = .null, output standardOutput: Channel = .null, error standardError: Channel = .null
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Our ends of the pipes, and the child's ends (closed here once it is spawned).
        var ours: [Int32: Int32] = [:]
        var theirs: [Int32] = []
        defer { theirs.forEach { close($0) } }
        func abandon() { ours.values.forEach { close($0) } }

        for (stream, channel) in [(Int32(0), standardInput), (1, standardOutput), (2, standardError)] {
            switch channel {
            case .null:
                posix_spawn_file_actions_addopen(&actions, stream, "/dev/null", stream == 0 ? O_RDONLY : O_WRONLY, 0)
            case .file(let path):
                let flags = stream == 0 ? O_RDONLY : O_WRONLY | O_CREAT | O_TRUNC
                posix_spawn_file_actions_addopen(&actions, stream, path, flags, 0o644)
            case .inherit:
                break
            case .sameAsOutput:
                posix_spawn_file_actions_adddup2(&actions, 1, stream)
            case .pipe:
                var ends: [Int32] = [-1, -1]
                guard juanzong_cloexec_pipe(&ends) == 0 else {
                    abandon()
                    throw ChildProcessError(executable, "无法创建管道:\(String(cString: strerror(errno)))")
                }
                // The child reads its input from the pipe's reading end and writes to its writing end.
                let (child, parent) = stream == 0 ? (ends[0], ends[1]) : (ends[1], ends[0])
                theirs.append(child)
                ours[stream] = parent
                posix_spawn_file_actions_adddup2(&actions, child, stream)
            }
        }
        juanzong_spawn_close_from(&actions, 3)
        // The child starts with every signal at its default and none blocked, whatever the
        // spawning thread blocks (Dispatch's worker threads block most signals: a tool started
        // from one would ignore SIGTERM).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        Self.ignoreBrokenPipes

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let variables = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { variables?.forEach { free($0) } }
        var pid = pid_t()
        let spawned =
            variables.map { posix_spawnp(&pid, executable, &actions, &attributes, argv, $0) }
            ?? posix_spawnp(&pid, executable, &actions, &attributes, argv, Glibc.environ)
        guard spawned == 0 else {
            abandon()
            throw ChildProcessError(executable, String(cString: strerror(spawned)))
        }
        self.pid = pid
        input = ours[0].map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
        output = ours[1].map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
        errorOutput = ours[2].map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
    }

    /// Writing to a child that has ended fails with EPIPE instead of ending juanzong with
    /// SIGPIPE (a PP-OCR worker that crashed falls back to tesseract). Set once, before the
    /// first child; children get SIGPIPE back at its default.
    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Waits until the program ends; its exit code, or 128 + the signal that ended it.
    @discardableResult
    public func wait() -> Int32 {
        // Waits without reaping, outside the lock (a `terminate` from another thread is not held
        // up), then reaps under it.
        var info = siginfo_t()
        while lock.withLock({ exitStatus == nil }), waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1, errno == EINTR {}
        return reap() ?? -1
    }

    /// Whether the program still runs (a program that ended is reaped here).
    public var isRunning: Bool { reap() == nil }

    /// Sends `signal` (SIGTERM unless told) to a program that still runs.
    public func terminate(_ signal: Int32 = SIGTERM) {
        lock.withLock { if exitStatus == nil { _ = kill(pid, signal) } }
    }

    /// The exit status when the program has ended (reaping it), else nil.
    private func reap() -> Int32? {
        lock.withLock {
            if let exitStatus { return exitStatus }
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(pid, &status, WNOHANG) } while result == -1 && errno == EINTR
            if result == -1 {
                // Reaped elsewhere (SIGCHLD ignored by whoever started juanzong): ended, status unknown.
                exitStatus = -1
                return exitStatus
            }
            guard result == pid else { return nil }
            // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
            exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            return exitStatus
        }
    }

    deinit {
        // A child nobody waited for is not left a zombie while this process runs.
        if exitStatus == nil, waitpid(pid, nil, WNOHANG) == 0 {
            kill(pid, SIGKILL)
            waitpid(pid, nil, 0)
        }
    }

    /// Most of a program's error output `run` keeps (a broken PDF can make a tool report
    /// millions of lines).
    public static let errorOutputLimit = 1 << 20

    /// Runs `executable` to its end with `input` on its standard input and returns what it wrote.
    ///
    /// Input is written and both outputs are read on this thread as the pipes allow (no thread
    /// of Dispatch's shared pool is needed or waited for, and a program that writes before it
    /// has read all its input cannot deadlock the two). Past `timeout` the program is killed;
    /// past `outputLimit` bytes of output too, and the output is cut there. Reading stops when
    /// the program has ended, even if a program it started still holds its output open.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, input: Data? = nil,
        timeout: TimeInterval? = nil, outputLimit: Int = .max
    ) throws -> Result {
        let child = try ChildProcess(
            executable, arguments, environment: environment, input: input == nil ? .null : .pipe, output: .pipe, error: .pipe)
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        var result = Result(status: 0, output: Data(), errorOutput: Data())
        let outputDescriptor = child.output!.fileDescriptor
        var inputDescriptor = child.input?.fileDescriptor
        var pending = input ?? Data()
        for descriptor in [outputDescriptor, child.errorOutput!.fileDescriptor] + (inputDescriptor.map { [$0] } ?? []) {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)

        /// Reads what `descriptor` holds now; false once it is at its end.
        func drain(_ descriptor: Int32) -> Bool {
            while true {
                let count = read(descriptor, &buffer, buffer.count)
                guard count > 0 else { return count < 0 && (errno == EAGAIN || errno == EINTR) }
                if descriptor == outputDescriptor {
                    guard !result.outputCut else { continue }
                    let room = outputLimit - result.output.count
                    result.output.append(contentsOf: buffer[0..<min(count, room)])
                    if count > room {
                        result.outputCut = true
                        child.terminate(SIGKILL)
                    }
                } else {
                    result.errorOutput.append(contentsOf: buffer[0..<min(count, max(0, errorOutputLimit - result.errorOutput.count))])
                }
            }
        }

        /// Writes what the input pipe takes now; closes it when all is written or the program
        /// stopped reading.
        func feed() {
            guard let descriptor = inputDescriptor else { return }
            while !pending.isEmpty {
                let written = pending.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                if written > 0 {
                    pending.removeFirst(written)
                } else if written < 0 && (errno == EAGAIN || errno == EINTR) {
                    return
                } else {
                    break
                }
            }
            try? child.input?.close()
            inputDescriptor = nil
        }

        var open = [outputDescriptor, child.errorOutput!.fileDescriptor]
        feed()
        while !open.isEmpty || inputDescriptor != nil {
            if let deadline, Date() >= deadline {
                result.timedOut = true
                child.terminate(SIGKILL)
                break
            }
            var polled =
                open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
                + (inputDescriptor.map { [pollfd(fd: $0, events: Int16(POLLOUT), revents: 0)] } ?? [])
            _ = poll(&polled, nfds_t(polled.count), 100)
            feed()
            open = open.filter { drain($0) }
            if !child.isRunning {
                // Ended: what is in the pipes now is all it wrote.
                for descriptor in open { _ = drain(descriptor) }
                break
            }
        }
        // Outputs closed early: the time limit still holds while the program runs on.
        while !result.timedOut, let deadline, child.isRunning {
            if Date() >= deadline {
                result.timedOut = true
                child.terminate(SIGKILL)
            } else {
                usleep(10_000)
            }
        }
        try? child.input?.close()
        result.status = child.wait()
        return result
    }
}

/// A program that could not be started, in Chinese.
public struct ChildProcessError: Error, CustomStringConvertible {
    public let description: String

    init(_ executable: String, _ reason: String) {
        description = "无法运行 \(executable):\(reason)"
    }
}
