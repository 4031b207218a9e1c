import Foundation
import JuanzongCore
import Testing

/// Programs run to their end, whatever else runs beside them.
@Suite struct ChildProcessTests {
    @Test func outputsStatusAndInputRoundTrip() throws {
        let result = try ChildProcess.run("/bin/sh", ["-c", "read line; echo \"got $line\"; echo oops >&2; exit 3"], input: Data("甲\n".utf8))
        #expect(result.status == 3)
        #expect(String(decoding: result.output, as: UTF8.self) == "got 甲\n")
        #expect(String(decoding: result.errorOutput, as: UTF8.self) == "oops\n")
    }

    /// A program that leaves a process of its own holding its output open (as `pg_ctl start`
    /// leaves the server) has still ended: the run returns with what it wrote.
    @Test func aProgramHasEndedEvenIfWhatItStartedHoldsItsOutput() throws {
        let started = Date()
        let result = try ChildProcess.run("/bin/sh", ["-c", "sleep 30 & echo done"])
        #expect(String(decoding: result.output, as: UTF8.self) == "done\n")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func timeLimitAndOutputLimitStopTheProgram() throws {
        let slow = try ChildProcess.run("/bin/sleep", ["30"], timeout: 0.5)
        #expect(slow.timedOut && slow.status == 128 + SIGKILL)
        let talkative = try ChildProcess.run("/usr/bin/yes", [], outputLimit: 100_000)
        #expect(talkative.outputCut && talkative.output.count == 100_000)
    }

    /// A program started while another thread holds a pipe open does not inherit it: the pipe's
    /// reader still sees its end when its writer closes it.
    @Test func childrenInheritNoDescriptorOfOurs() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let child = try ChildProcess("/bin/sleep", ["30"])
        defer {
            child.terminate(SIGKILL)
            child.wait()
        }
        let listing = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(child.pid)/fd")
        #expect(Set(listing) == ["0", "1", "2"])
        close(ends[1])
        var byte: UInt8 = 0
        #expect(read(ends[0], &byte, 1) == 0)
    }

    @Test func aMissingProgramIsAnErrorNamingIt() {
        #expect(throws: ChildProcessError.self) { try ChildProcess("/nonexistent/tool", []) }
    }

    /// A program that writes as it reads (cat) gets an input far larger than a pipe holds.
    @Test func aLargeInputAndOutputFlowTogether() throws {
        let input = Data((0..<2_000_000).map { UInt8(truncatingIfNeeded: $0 % 251) })
        let result = try ChildProcess.run("/bin/cat", [], input: input, timeout: 60)
        #expect(!result.timedOut && result.output == input)
    }

    /// Started from one of Dispatch's threads (which block most signals), a program still
    /// ends on SIGTERM; the time limit holds after it closed its outputs.
    @Test func signalsReachAChildStartedFromADispatchThread() throws {
        let started = Date()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            guard let child = try? ChildProcess("/bin/sleep", ["30"]) else { return }
            child.terminate()
            #expect(child.wait() == 128 + SIGTERM)
        }
        let silent = try ChildProcess.run("/bin/sh", ["-c", "exec >&- 2>&-; sleep 30"], timeout: 1)
        #expect(silent.timedOut)
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
