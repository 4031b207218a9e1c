import Foundation

/// Runs `first` and `second` at the same time on two cores and returns when both are done; one
/// after the other when `bytes` is under 64 KiB, where a second thread costs more than it saves.
func concurrently(bytes: Int, _ first: () -> Void, _ second: () -> Void) {
    guard bytes >= 1 << 16 else {
        first()
        second()
        return
    }
    withoutActuallyEscaping(first) { first in
        withoutActuallyEscaping(second) { second in
            let work = Pair(first: first, second: second)
            DispatchQueue.concurrentPerform(iterations: 2) { $0 == 0 ? work.first() : work.second() }
        }
    }
}

/// The two closures, which touch disjoint state, handed to the worker threads.
private struct Pair: @unchecked Sendable {
    let first: () -> Void
    let second: () -> Void
}
