import Foundation
import JuanzongAccess
import Testing

/// The sign-in throttle's policy on a clock of the test's own (the web tests drive it over a socket).
@Suite("Sign-in throttling")
struct SignInThrottleTests {
    @Test func throttleDelaysGrowPerAccountAndPerAddress() throws {
        var policy = SignInThrottle.Policy()
        policy.freeFailuresPerAccount = 3
        policy.freeFailuresPerAddress = 5
        let throttle = SignInThrottle(policy: policy)
        var now = Date(timeIntervalSince1970: 1_800_000_000)
        var waits: [Int] = []
        var lastFailure = now
        for _ in 0..<7 {
            try throttle.check(username: "zhang", address: "10.0.0.1", now: now)
            lastFailure = now
            waits.append(throttle.recordFailure(username: "zhang", address: "10.0.0.1", now: now))
            now += Double(waits.last!)
        }
        #expect(waits == [0, 0, 0, 2, 4, 8, 16])
        #expect(throws: SignInThrottle.Refusal(retryAfter: 16)) { try throttle.check(username: "ZHANG", address: nil, now: lastFailure) }
        #expect(throws: Never.self) { try throttle.check(username: "zhang", address: nil, now: lastFailure + 16) }
        throttle.recordSuccess(username: "zhang")
        #expect(throttle.failures(username: "zhang", now: now) == 0)
        // One address guessing many names is held up too.
        for index in 0..<5 { throttle.recordFailure(username: "name\(index)", address: "10.0.0.2", now: now) }
        #expect(throttle.recordFailure(username: "another", address: "10.0.0.2", now: now) == 2)
        #expect(throws: SignInThrottle.Refusal.self) { try throttle.check(username: "yet-another", address: "10.0.0.2", now: now) }
        // Failures are forgotten after an hour without one.
        #expect(throws: Never.self) { try throttle.check(username: "yet-another", address: "10.0.0.2", now: now + 3601) }
    }
}
