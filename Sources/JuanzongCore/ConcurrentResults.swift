import Foundation

/// One result per iteration of a `DispatchQueue.concurrentPerform`, stored from the worker
/// threads and read once all are done.
public final class ConcurrentResults<Value>: @unchecked Sendable {
    private var slots: [Result<Value, any Error>?]
    private let lock = NSLock()

    public init(count: Int) { slots = Array(repeating: nil, count: count) }

    public func store(_ result: Result<Value, any Error>, at index: Int) {
        lock.withLock { slots[index] = result }
    }

    /// Every iteration's result; each must have been stored.
    public var all: [Result<Value, any Error>] { lock.withLock { slots.map { $0! } } }
}
